from django.urls import path

from student_pwa import catalog_urls, commerce_urls, learning_urls, meetings_urls
from student_pwa.views import accounts

app_name = "student_pwa"

urlpatterns = [
    path("", accounts.guest_home, name="guest_home"),
    path("app/", accounts.home, name="home"),
    path("app/onboarding/", accounts.onboarding, name="onboarding"),
    path("landing/", accounts.landing, name="landing"),
    path("language/", accounts.language_set, name="language_set"),
    path("setup/first-admin/<str:token>/", accounts.first_admin_setup, name="first_admin_setup"),
    *catalog_urls.urlpatterns,
    *learning_urls.urlpatterns,
    *commerce_urls.urlpatterns,
    *meetings_urls.urlpatterns,
]
