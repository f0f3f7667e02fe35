"""Student app and guest pages of the catalog context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import catalog

urlpatterns = [
    path("courses/", catalog.course_list, name="course_list"),
    path("courses/<slug:slug>/", catalog.course_detail, name="course_detail"),
    path("instructors/", catalog.instructor_list, name="instructor_list"),
    path("instructors/<int:pk>/", catalog.instructor_detail, name="instructor_detail"),
    path("app/teach/", catalog.teach_apply, name="teach_apply"),
]
