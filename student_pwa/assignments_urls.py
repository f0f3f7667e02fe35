"""Student app pages of the assignments context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import assignments

urlpatterns = [
    path("app/assignments/", assignments.my_assignments, name="my_assignments"),
    path(
        "app/assignments/<int:assignment_id>/",
        assignments.assignment_detail,
        name="assignment_detail",
    ),
    path("app/daily-work/", assignments.daily_work, name="daily_work"),
    # Private files: checked on every request (session or JWT).
    path(
        "app/files/assignments/<int:attachment_id>/",
        assignments.attachment_file,
        name="assignment_attachment",
    ),
    path(
        "app/files/submissions/<int:file_id>/",
        assignments.submission_file,
        name="submission_file",
    ),
    path(
        "app/files/daily-work/<int:entry_id>/",
        assignments.daily_entry_file,
        name="daily_entry_file",
    ),
]
