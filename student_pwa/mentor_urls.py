"""Student app pages of the mentor and the resume builder; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import mentor, resume

urlpatterns = [
    path("app/mentor/", mentor.mentor_home, name="mentor"),
    path("app/mentor/new/", mentor.conversation_new, name="mentor_new"),
    path(
        "app/mentor/<int:conversation_id>/",
        mentor.conversation_detail,
        name="mentor_conversation",
    ),
    path("app/mentor/<int:conversation_id>/ask/", mentor.conversation_ask, name="mentor_ask"),
    path(
        "app/mentor/<int:conversation_id>/stream/",
        mentor.conversation_stream,
        name="mentor_stream",
    ),
    path(
        "app/mentor/<int:conversation_id>/delete/",
        mentor.conversation_delete,
        name="mentor_delete",
    ),
    path("app/resume/", resume.resume_home, name="resume"),
    path("app/resume/projects/", resume.project_add, name="resume_project_add"),
    path(
        "app/resume/projects/<int:project_id>/delete/",
        resume.project_remove,
        name="resume_project_delete",
    ),
    path("app/resume.pdf", resume.resume_download, name="resume_pdf"),
]
