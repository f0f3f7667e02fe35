"""Who may chat with whom, sending, unread counts and receipts, moderation, the cohort chat
following its cohort, and the offline notification."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts import services as accounts_services
from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.chat import selectors, services
from lms.chat.models import Conversation, ConversationKind, Membership
from lms.chat.tests.factories import direct_chat, group_chat, student_and_instructor
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_student_chats_with_their_instructor_once_per_pair():
    student, instructor = student_and_instructor()
    first = services.direct_conversation_open(user=student, other=instructor)
    again = services.direct_conversation_open(user=instructor, other=student)
    assert first == again and first.kind == ConversationKind.DIRECT
    assert set(first.memberships.values_list("user_id", flat=True)) == {student.pk, instructor.pk}


def test_a_student_cannot_open_a_chat_with_another_student_or_a_stranger_instructor():
    student, _instructor = student_and_instructor()
    from lms.accounts.tests.factories import InstructorFactory

    for other in (StudentFactory(), InstructorFactory()):
        with pytest.raises(PermissionDeniedError):
            services.direct_conversation_open(user=student, other=other)
    assert not Conversation.objects.exists()


def test_staff_open_a_chat_with_anyone(admin_user):
    student = StudentFactory()
    conversation = services.direct_conversation_open(user=admin_user, other=student)
    assert selectors.conversation_for_member(user=student, conversation_id=conversation.pk)


def test_unread_counts_and_receipts(django_capture_on_commit_callbacks):
    conversation, student, instructor = direct_chat()
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("one", "two", "three"):
            last = services.message_send(user=instructor, conversation=conversation, body=text)
    mine = {c.pk: c.unread for c in selectors.conversation_list(user=student)}
    theirs = {c.pk: c.unread for c in selectors.conversation_list(user=instructor)}
    assert mine == {conversation.pk: 3} and theirs == {conversation.pk: 0}
    services.conversation_read(user=student, conversation=conversation, up_to=last.pk - 1)
    assert selectors.conversation_list(user=student).get().unread == 1
    services.conversation_read(user=student, conversation=conversation)
    assert selectors.conversation_list(user=student).get().unread == 0
    assert selectors.read_receipts(conversation=conversation)[student.pk] == last.pk
    # Receipts never move backwards.
    services.conversation_read(user=student, conversation=conversation, up_to=1)
    assert selectors.read_receipts(conversation=conversation)[student.pk] == last.pk


def test_a_message_to_someone_away_notifies_them(django_capture_on_commit_callbacks):
    conversation, student, instructor = direct_chat()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(user=student, conversation=conversation, body="Hello sir")
    notification = Notification.objects.get(user=instructor)
    assert notification.kind == "chat_message" and notification.body == "Hello sir"
    assert notification.link == f"/app/chat/{conversation.pk}/"
    assert not Notification.objects.filter(user=student).exists()


def test_someone_online_is_not_notified(django_capture_on_commit_callbacks):
    from lms.chat import realtime

    conversation, student, instructor = direct_chat()
    realtime.presence_enter(instructor.pk)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.message_send(user=student, conversation=conversation, body="Hi")
    finally:
        realtime.presence_leave(instructor.pk)
    assert not Notification.objects.filter(user=instructor).exists()


def test_bad_messages_are_refused_with_a_reason(settings):
    conversation, student, _instructor = direct_chat()
    with pytest.raises(ApplicationError, match="at most"):
        services.message_send(
            user=student,
            conversation=conversation,
            body="x" * (settings.LMS_CHAT_MAX_MESSAGE_CHARS + 1),
        )
    with pytest.raises(ApplicationError):
        services.message_send(user=student, conversation=conversation, body="   ")
    fake = SimpleUploadedFile("notes.pdf", b"not a pdf at all")
    with pytest.raises(ApplicationError, match="does not match"):
        services.message_send(user=student, conversation=conversation, body="", attachment=fake)
    real = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 real")
    sent = services.message_send(user=student, conversation=conversation, body="", attachment=real)
    assert sent.attachment.name.endswith(".pdf")


def test_sending_is_rate_limited(settings):
    settings.LMS_CHAT_MESSAGES_PER_MINUTE = 2
    conversation, student, _instructor = direct_chat()
    services.message_send(user=student, conversation=conversation, body="1")
    services.message_send(user=student, conversation=conversation, body="2")
    with pytest.raises(ApplicationError) as refused:
        services.message_send(user=student, conversation=conversation, body="3")
    assert refused.value.status == 429


def test_edit_and_soft_delete_only_ones_own():
    conversation, student, instructor = direct_chat()
    message = services.message_send(user=student, conversation=conversation, body="typo")
    with pytest.raises(PermissionDeniedError):
        services.message_edit(user=instructor, message_id=message.pk, body="hacked")
    services.message_edit(user=student, message_id=message.pk, body="fixed")
    services.message_delete(user=student, message_id=message.pk)
    message.refresh_from_db()
    assert message.body == "fixed" and message.edited_at and message.deleted_at
    assert services.message_data(message)["body"] == ""


def test_staff_mute_and_remove_members():
    member = StudentFactory()
    conversation, admin_user = group_chat(members=[member])
    with pytest.raises(PermissionDeniedError):
        services.member_mute(
            acting_user=member, conversation=conversation, user=admin_user, muted=True
        )
    services.member_mute(acting_user=admin_user, conversation=conversation, user=member, muted=True)
    with pytest.raises(PermissionDeniedError, match="muted"):
        services.message_send(user=member, conversation=conversation, body="hi")
    services.member_remove(acting_user=admin_user, conversation=conversation, user=member)
    assert selectors.membership_active(user=member, conversation_id=conversation.pk) is None
    assert list(selectors.conversation_list(user=member)) == []


def test_only_staff_create_group_chats():
    with pytest.raises(PermissionDeniedError):
        services.group_conversation_create(
            acting_user=StudentFactory(), title="Mine", member_ids=[]
        )


def test_the_cohort_chat_follows_the_cohort(django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    first, second = StudentFactory(), StudentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.cohort_add_members(cohort=cohort, user_ids=[first.pk, second.pk])
    conversation = Conversation.objects.get(cohort=cohort)
    assert conversation.kind == ConversationKind.COHORT
    assert set(
        Membership.objects.filter(conversation=conversation, removed_at__isnull=True).values_list(
            "user_id", flat=True
        )
    ) == {first.pk, second.pk}
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.cohort_remove_members(cohort=cohort, user_ids=[second.pk])
    assert selectors.membership_active(user=second, conversation_id=conversation.pk) is None
    assert selectors.membership_active(user=first, conversation_id=conversation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.cohort_add_members(cohort=cohort, user_ids=[second.pk])
    assert selectors.membership_active(user=second, conversation_id=conversation.pk)


def test_the_cohort_chat_sync_costs_the_same_queries_for_one_or_many(
    django_assert_num_queries,
):
    cohort = CohortFactory()
    services.cohort_conversation_sync(cohort_id=cohort.pk)
    one, many = [StudentFactory()], [StudentFactory() for _ in range(30)]
    with django_assert_num_queries(6) as one_person:
        services.cohort_conversation_sync(cohort_id=cohort.pk, added_user_ids=(one[0].pk,))
    with django_assert_num_queries(len(one_person)):
        services.cohort_conversation_sync(
            cohort_id=cohort.pk, added_user_ids=tuple(person.pk for person in many)
        )
    assert Membership.objects.filter(conversation__cohort=cohort).count() == 31
