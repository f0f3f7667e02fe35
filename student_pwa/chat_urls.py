"""Student app pages of the chat context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import chat

urlpatterns = [
    path("app/chat/", chat.chat, name="chat"),
    path("app/chat/start/", chat.chat_start, name="chat_start"),
    path("app/chat/<int:conversation_id>/", chat.chat_conversation, name="chat_conversation"),
    path("app/chat/<int:conversation_id>/send/", chat.chat_send, name="chat_send"),
    path(
        "app/chat/<int:conversation_id>/files/<int:message_id>/",
        chat.chat_attachment,
        name="chat_attachment",
    ),
    path(
        "app/chat/<int:conversation_id>/members/<int:user_id>/mute/",
        chat.chat_member_mute,
        name="chat_member_mute",
    ),
    path(
        "app/chat/<int:conversation_id>/members/<int:user_id>/remove/",
        chat.chat_member_remove,
        name="chat_member_remove",
    ),
]
