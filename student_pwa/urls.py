from django.urls import path

from student_pwa import views

app_name = "student_pwa"

urlpatterns = [
    path("", views.guest_home, name="guest_home"),
    path("app/", views.home, name="home"),
    path("app/onboarding/", views.onboarding, name="onboarding"),
    path("language/", views.language_set, name="language_set"),
    path("setup/first-admin/<str:token>/", views.first_admin_setup, name="first_admin_setup"),
]
