"""Factories of the community context. `question_in(course)` and `board_thread_in(cohort)`
build a thread with its opening post, as the services do."""

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.community.models import Announcement, Post, Thread, ThreadKind


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    kind = ThreadKind.QUESTION
    author = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"How do I solve problem {n}?")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(StudentFactory)
    body = "<p>Some text.</p>"


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    author = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"Announcement {n}")
    body = "<p>Class moved to Friday.</p>"


def question_in(course, *, author=None, title=None, body="<p>Why?</p>", **fields) -> Thread:
    author = author or StudentFactory()
    thread = ThreadFactory(
        kind=ThreadKind.QUESTION,
        course=course,
        author=author,
        **({"title": title} if title else {}),
        **fields,
    )
    PostFactory(thread=thread, author=author, is_opening=True, body=body)
    return thread


def answer_to(question: Thread, *, author=None, body="<p>Because.</p>") -> Post:
    question.reply_count += 1
    question.save(update_fields=["reply_count"])
    return PostFactory(thread=question, author=author or StudentFactory(), body=body)


def board_thread_in(cohort, *, author=None, title=None) -> Thread:
    author = author or StudentFactory()
    thread = ThreadFactory(
        kind=ThreadKind.BOARD, cohort=cohort, author=author, **({"title": title} if title else {})
    )
    PostFactory(thread=thread, author=author, is_opening=True, body="<p>Hello group</p>")
    return thread
