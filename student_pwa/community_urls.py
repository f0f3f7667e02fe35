"""Student app pages of the community context (groups, course Q&A); joined into
student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import community_forum as forum
from student_pwa.views import community_groups as groups

urlpatterns = [
    path("app/courses/<slug:slug>/questions/", forum.question_list, name="course_questions"),
    path("app/courses/<slug:slug>/questions/ask/", forum.question_ask, name="question_ask"),
    path("app/questions/<int:question_id>/", forum.question_detail, name="question_detail"),
    path("app/questions/<int:question_id>/answers/", forum.answer_create, name="answer_create"),
    path("app/answers/<int:answer_id>/vote/", forum.answer_vote, name="answer_vote"),
    path("app/answers/<int:answer_id>/accept/", forum.answer_accept, name="answer_accept"),
    path("app/answers/<int:answer_id>/rating/", forum.answer_rate, name="answer_rate"),
    path("app/posts/<int:post_id>/flag/", forum.post_flag, name="post_flag"),
    path("app/groups/", groups.my_groups, name="my_groups"),
    path("app/groups/<int:group_id>/", groups.group_detail, name="group_detail"),
    path(
        "app/groups/<int:group_id>/announcements/",
        groups.announcement_create,
        name="announcement_create",
    ),
    path("app/groups/<int:group_id>/threads/", groups.thread_create, name="thread_create"),
    path(
        "app/groups/<int:group_id>/threads/<int:thread_id>/",
        groups.thread_detail,
        name="group_thread",
    ),
    path(
        "app/groups/<int:group_id>/threads/<int:thread_id>/replies/",
        groups.reply_create,
        name="reply_create",
    ),
]
