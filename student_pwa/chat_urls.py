"""Student app pages of the chat context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import chat

urlpatterns = [
    path("app/chat/", chat.chat, name="chat"),
    path("app/chat/start/", chat.chat_start, name="chat_start"),
    path("app/chat/<int:conversation_id>/", chat.chat_conversation, name="chat_conversation"),
    path("app/chat/<int:conversation_id>/send/", chat.chat_send, name="chat_send"),
]
