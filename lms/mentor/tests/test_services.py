"""Asking the mentor: grounded prompts, the no-provider answer, limits, provider failures."""

import pytest

from lms.core.errors import ApplicationError
from lms.mentor.models import DailyUsage, MentorSettings, Message
from lms.mentor.services import (
    DailyLimitError,
    conversation_create,
    conversation_delete,
    mentor_settings_update,
    question_ask,
)
from lms.mentor.tests.conftest import SECRET_KEY
from lms.mentor.tests.factories import course_with_texts, enrolled

OPEN = "<p>A for loop repeats a block for each item of a list.</p>"
LOCKED = "<p>Recursion: a function that calls itself, like the quokka pattern.</p>"


@pytest.fixture
def studying(student):
    course, lessons = course_with_texts(OPEN, LOCKED)
    enrolled(student, course)
    return course, lessons


def test_the_model_gets_open_passages_and_never_locked_text(student, studying, fake_provider):
    conversation = conversation_create(user=student)
    answer = question_ask(
        conversation=conversation, user=student, text="Explain loops and recursion (quokka)"
    )
    sent = fake_provider.bodies_text()
    assert "A for loop repeats a block" in sent
    assert "quokka pattern" not in sent  # the locked lesson's text
    assert answer.text == "Loops repeat a block of code."
    assert answer.provider == "Fake AI"
    assert answer.sources == [
        {
            "course": studying[0].title,
            "lesson": studying[1][0].title,
            "url": answer.sources[0]["url"],
        }
    ]
    assert DailyUsage.objects.get(user=student).tokens == 42


def test_earlier_turns_are_sent_along(student, studying, fake_provider):
    conversation = conversation_create(user=student)
    question_ask(conversation=conversation, user=student, text="What is a for loop?")
    question_ask(conversation=conversation, user=student, text="And why use one?")
    messages = fake_provider.requests[-1]["body"]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1]["content"] == "What is a for loop?"


def test_without_a_provider_the_passages_answer_and_say_so(student, studying):
    conversation = conversation_create(user=student)
    answer = question_ask(conversation=conversation, user=student, text="for loop list?")
    assert "AI answers are not configured" in answer.text
    assert studying[1][0].title in answer.text
    assert answer.provider == ""
    assert len(answer.sources) == 1


def test_without_a_provider_and_no_passage(student, studying):
    conversation = conversation_create(user=student)
    answer = question_ask(conversation=conversation, user=student, text="quokka recursion")
    assert "AI answers are not configured" in answer.text
    assert answer.sources == []


@pytest.mark.parametrize(
    ("mode", "status", "code", "words"),
    [
        ("slow", 200, "timeout", "took too long"),
        ("status", 500, "provider_error", "had a problem"),
        ("status", 429, "provider_busy", "busy"),
        ("bad_json", 200, "provider_error", "could not be read"),
    ],
)
def test_provider_failures_end_in_a_clear_answer(
    student, studying, fake_provider, mode, status, code, words
):
    fake_provider.mode, fake_provider.status = mode, status
    conversation = conversation_create(user=student)
    answer = question_ask(conversation=conversation, user=student, text="for loop?")
    assert answer.error == code
    assert words in answer.text
    assert studying[1][0].title in answer.text  # the lessons that cover it, still


def test_daily_question_limit(student, studying):
    mentor_settings_update(daily_messages_per_person=2)
    conversation = conversation_create(user=student)
    for _ in range(2):
        question_ask(conversation=conversation, user=student, text="for loop?")
    with pytest.raises(DailyLimitError) as raised:
        question_ask(conversation=conversation, user=student, text="for loop?")
    assert raised.value.status == 429
    assert Message.objects.filter(role="user").count() == 2


def test_daily_token_limit(student, studying, fake_provider):
    MentorSettings.objects.filter(pk=1).update(daily_tokens_per_person=40)
    conversation = conversation_create(user=student)
    question_ask(conversation=conversation, user=student, text="for loop?")  # spends 42
    with pytest.raises(DailyLimitError):
        question_ask(conversation=conversation, user=student, text="for loop?")


def test_only_the_owner_asks_or_deletes(student, studying):
    from lms.accounts.tests.factories import StudentFactory

    other = StudentFactory()
    conversation = conversation_create(user=student)
    with pytest.raises(ApplicationError) as raised:
        question_ask(conversation=conversation, user=other, text="hi")
    assert raised.value.status == 404
    with pytest.raises(ApplicationError):
        conversation_delete(conversation=conversation, user=other)
    conversation_delete(conversation=conversation, user=student)
    assert not type(conversation).objects.exists()


def test_empty_question_is_refused(student):
    conversation = conversation_create(user=student)
    with pytest.raises(ApplicationError) as raised:
        question_ask(conversation=conversation, user=student, text="   ")
    assert "text" in raised.value.fields


def test_settings_keep_the_key_unless_a_new_one_is_given(db):
    mentor_settings_update(model="a", new_api_key=SECRET_KEY)
    mentor_settings_update(model="b")
    assert MentorSettings.load().api_key == SECRET_KEY
    assert SECRET_KEY not in repr(MentorSettings.load())
    mentor_settings_update(clear_api_key=True)
    assert MentorSettings.load().api_key == ""
