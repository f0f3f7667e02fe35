"""Attachments (sent through the page and the API as multipart, validated, downloaded by
members only) and staff moderation (mute, unmute, remove) through the page and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from lms.accounts.tests.factories import InstructorFactory, StudentFactory
from lms.chat import services
from lms.chat.models import Membership, Message
from lms.chat.tests.factories import direct_chat, group_chat

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the notes"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _pdf(name="notes.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_file_sent_from_the_page_is_linked_and_downloaded_by_members_only(client):
    conversation, student, instructor = direct_chat()
    client.force_login(student)
    answer = client.post(
        f"/app/chat/{conversation.pk}/send/", {"body": "My notes", "attachment": _pdf()}
    )
    assert answer.status_code == 302
    message = Message.objects.get()
    assert message.attachment_name == "notes.pdf"
    assert message.attachment.name.startswith(f"private/chat/{conversation.pk}/")
    assert "notes" not in message.attachment.name  # the client's name never reaches storage
    link = f"/app/chat/{conversation.pk}/files/{message.pk}/"
    assert link in client.get(f"/app/chat/{conversation.pk}/").content.decode()

    client.force_login(instructor)
    download = client.get(link)
    assert download.status_code == 200 and _body(download) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    assert download["Cache-Control"] == "private"

    client.force_login(StudentFactory())  # a stranger
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302  # to the sign-in page


def test_a_removed_member_and_a_deleted_message_get_404(client):
    member = StudentFactory()
    conversation, admin_user = group_chat(members=[member])
    message = services.message_send(
        user=admin_user, conversation=conversation, body="", attachment=_pdf()
    )
    link = f"/app/chat/{conversation.pk}/files/{message.pk}/"
    client.force_login(member)
    assert client.get(link).status_code == 200
    services.member_remove(acting_user=admin_user, conversation=conversation, user=member)
    assert client.get(link).status_code == 404
    client.force_login(admin_user)
    services.message_delete(user=admin_user, message_id=message.pk)
    assert client.get(link).status_code == 404
    text_only = services.message_send(user=admin_user, conversation=conversation, body="hi")
    assert client.get(f"/app/chat/{conversation.pk}/files/{text_only.pk}/").status_code == 404


def test_the_api_takes_a_multipart_attachment_and_lists_its_download_url():
    conversation, student, instructor = direct_chat()
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    answer = _client(student).post(url, {"body": "", "attachment": _pdf()}, format="multipart")
    assert answer.status_code == 201, answer.data
    message_id = answer.data["id"]
    download_url = f"/api/v1/conversations/{conversation.pk}/messages/{message_id}/attachment"
    assert answer.data["attachment"] == "notes.pdf"
    assert answer.data["attachment_url"] == download_url

    history = _client(instructor).get(url).data["messages"]
    assert history[0]["attachment_url"] == download_url
    download = _client(instructor).get(download_url)
    assert download.status_code == 200 and _body(download) == PDF
    assert _client(StudentFactory()).get(download_url).status_code == 404
    assert APIClient().get(download_url).status_code == 401

    # A JSON message has no file; its url is empty.
    plain = _client(student).post(url, {"body": "hi"}, format="json")
    assert plain.status_code == 201 and plain.data["attachment_url"] == ""


def test_the_api_refuses_a_file_that_is_not_what_it_says():
    conversation, student, _instructor = direct_chat()
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    fake = _pdf(name="notes.pdf", content=b"MZ not a pdf")
    answer = _client(student).post(url, {"attachment": fake}, format="multipart")
    assert answer.status_code == 400
    assert "does not match" in answer.data["error"]["message"]
    exe = _client(student).post(url, {"attachment": _pdf(name="x.exe")}, format="multipart")
    assert exe.status_code == 400 and "attachment" in exe.data["error"]["fields"]
    assert not Message.objects.exists()


def test_staff_mute_unmute_and_remove_through_the_api():
    member, other = StudentFactory(), StudentFactory()
    instructor = InstructorFactory()
    conversation, _admin = group_chat(members=[member, other, instructor])
    base = f"/api/v1/conversations/{conversation.pk}/members/{member.pk}"
    staff = _client(instructor)

    answer = staff.post(f"{base}/mute", {}, format="json")
    assert answer.status_code == 200 and answer.data == {"user_id": member.pk, "muted": True}
    send = _client(member).post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "x"}, format="json"
    )
    assert send.status_code == 403
    assert staff.post(f"{base}/mute", {"muted": False}, format="json").data["muted"] is False
    assert not Membership.objects.get(conversation=conversation, user=member).muted

    # A member who is not staff: 403; staff outside the conversation and strangers: 404.
    assert _client(other).post(f"{base}/mute", {}, format="json").status_code == 403
    assert _client(other).post(f"{base}/remove", {}, format="json").status_code == 403
    assert _client(InstructorFactory()).post(f"{base}/remove", {}).status_code == 404
    assert _client(StudentFactory()).post(f"{base}/mute", {}).status_code == 404

    assert staff.post(f"{base}/remove", {}, format="json").status_code == 200
    assert Membership.objects.get(conversation=conversation, user=member).removed_at
    again = staff.post(f"{base}/remove", {}, format="json")
    assert again.status_code == 400 and again.data["error"]["code"] == "not_member"
    history = _client(member).get(f"/api/v1/conversations/{conversation.pk}/messages/")
    assert history.status_code == 404


def test_staff_see_moderation_buttons_and_use_them_with_htmx(client):
    member = StudentFactory()
    instructor = InstructorFactory()
    conversation, _admin = group_chat(members=[member, instructor])
    mute_url = f"/app/chat/{conversation.pk}/members/{member.pk}/mute/"
    remove_url = f"/app/chat/{conversation.pk}/members/{member.pk}/remove/"

    client.force_login(member)
    page = client.get(f"/app/chat/{conversation.pk}/").content.decode()
    assert mute_url not in page  # members who are not staff see no buttons
    assert client.post(mute_url).status_code == 403
    assert client.get(mute_url).status_code == 405

    client.force_login(instructor)
    page = client.get(f"/app/chat/{conversation.pk}/").content.decode()
    assert mute_url in page and remove_url in page and "csrfmiddlewaretoken" in page
    answer = client.post(mute_url, {"muted": "1"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    fragment = answer.content.decode()
    assert fragment.lstrip().startswith('<ul id="chat-members"') and "Unmute" in fragment
    assert "is muted" in answer["HX-Trigger"]
    assert Membership.objects.get(conversation=conversation, user=member).muted
    client.post(mute_url, {"muted": "0"}, HTTP_HX_REQUEST="true")
    assert not Membership.objects.get(conversation=conversation, user=member).muted

    answer = client.post(remove_url)  # without JavaScript: back to the page
    assert answer.status_code == 302
    assert Membership.objects.get(conversation=conversation, user=member).removed_at
    client.force_login(member)
    assert client.get(f"/app/chat/{conversation.pk}/").status_code == 404

    client.force_login(StudentFactory())
    assert client.post(remove_url).status_code == 404
