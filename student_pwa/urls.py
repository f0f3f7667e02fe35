from django.urls import path

from student_pwa import (
    assessment_urls,
    assignments_urls,
    catalog_urls,
    chat_urls,
    commerce_urls,
    community_urls,
    gamification_urls,
    learning_urls,
    meetings_urls,
    mentor_urls,
    notifications_urls,
)
from student_pwa.views import accounts, profile

app_name = "student_pwa"

urlpatterns = [
    path("", accounts.guest_home, name="guest_home"),
    path("app/", accounts.home, name="home"),
    path("app/onboarding/", accounts.onboarding, name="onboarding"),
    path("landing/", accounts.landing, name="landing"),
    path("language/", accounts.language_set, name="language_set"),
    path("setup/first-admin/<str:token>/", accounts.first_admin_setup, name="first_admin_setup"),
    path("app/profile/", profile.profile, name="profile"),
    path(
        "app/account/sign-out-everywhere/",
        profile.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("app/account/delete/", profile.account_delete, name="account_delete"),
    path("verify-email/", profile.email_verify_code, name="email_verify_code"),
    *catalog_urls.urlpatterns,
    *learning_urls.urlpatterns,
    *commerce_urls.urlpatterns,
    *assignments_urls.urlpatterns,
    *assessment_urls.urlpatterns,
    *meetings_urls.urlpatterns,
    *notifications_urls.urlpatterns,
    *chat_urls.urlpatterns,
    *community_urls.urlpatterns,
    *mentor_urls.urlpatterns,
    *gamification_urls.urlpatterns,
]
