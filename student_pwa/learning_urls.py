"""Student app pages of the learning context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import learning

urlpatterns = [
    path("app/courses/", learning.my_courses, name="my_courses"),
    path("app/courses/<slug:slug>/", learning.course_roadmap, name="course_roadmap"),
    path(
        "app/courses/<slug:slug>/lessons/<int:lesson_id>/",
        learning.lesson_detail,
        name="lesson_detail",
    ),
    path("app/tasks/<int:task_id>/complete/", learning.task_complete, name="task_complete"),
    path("app/lessons/<int:lesson_id>/progress/", learning.lesson_progress, name="lesson_progress"),
    # Private files: every request is checked against the lock rules (session or JWT).
    path("app/files/lessons/<int:lesson_id>/<str:kind>/", learning.lesson_file, name="lesson_file"),
    path("app/files/documents/<int:document_id>/", learning.document_file, name="document_file"),
]
