"""Student app pages of the notifications context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import notifications

urlpatterns = [
    path("app/notifications/", notifications.notification_list, name="notifications"),
    path("app/notifications/read/", notifications.notification_read, name="notification_read"),
    path(
        "app/notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
]
