"""Domain events: receivers run after commit, never on rollback, and a failing receiver
never undoes the write."""

import logging
from dataclasses import FrozenInstanceError, dataclass

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.management import call_command
from django.db import transaction

from lms.catalog.tests.factories import build_course
from lms.core.events import Event, publish, receiver, registry, subscribe, unsubscribe
from lms.learning.events import CourseCompleted, EnrollmentCreated, TaskCompleted
from lms.learning.models import Enrollment
from lms.learning.services import enrollment_create, task_complete
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of
from lms.notifications.consumers import user_group_name


@dataclass(frozen=True)
class Pinged(Event):
    value: int


@pytest.fixture
def heard():
    """Subscribe a recording receiver to `Pinged` for one test."""
    received: list[Event] = []
    subscribe(Pinged, received.append)
    yield received
    unsubscribe(Pinged, received.append)


@pytest.fixture
def listen():
    """Subscribe recording receivers to any event type for one test."""
    added: list[tuple[type[Event], object]] = []

    def start(event_type: type[Event]) -> list[Event]:
        received: list[Event] = []
        subscribe(event_type, received.append)
        added.append((event_type, received.append))
        return received

    yield start
    for event_type, function in added:
        unsubscribe(event_type, function)


@pytest.mark.django_db
def test_receivers_run_only_after_the_transaction_commits(
    heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(Pinged(value=1))
        assert heard == []  # still inside the transaction
    assert heard == [Pinged(value=1)]


@pytest.mark.django_db
def test_nothing_runs_when_the_transaction_rolls_back(heard, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish(Pinged(value=2))
        raise RuntimeError("the write fails")
    assert callbacks == []
    assert heard == []


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_runs_receivers_and_a_real_rollback_does_not(heard):
    with transaction.atomic():
        publish(Pinged(value=3))
        assert heard == []
    assert heard == [Pinged(value=3)]
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(Pinged(value=4))
        raise RuntimeError
    assert heard == [Pinged(value=3)]


@pytest.mark.django_db
def test_a_failing_receiver_is_logged_and_the_write_stands(
    student, caplog, listen, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)

    def broken(event: EnrollmentCreated) -> None:
        raise ValueError("receiver bug")

    subscribe(EnrollmentCreated, broken)
    later = listen(EnrollmentCreated)  # registered after the broken one: still runs
    try:
        with (
            caplog.at_level(logging.ERROR, logger="lms.core.events"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            enrollment = enrollment_create(user=student, course=course, source="admin")
    finally:
        unsubscribe(EnrollmentCreated, broken)
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert "receiver bug" in caplog.text and "broken" in caplog.text
    assert [event.enrollment_id for event in later] == [enrollment.pk]


def test_events_are_typed_frozen_and_receivers_only_take_events():
    with pytest.raises(TypeError):
        publish({"type": "pinged"})
    with pytest.raises(TypeError):
        subscribe(dict, print)
    with pytest.raises(FrozenInstanceError):
        Pinged(value=1).value = 2  # type: ignore[misc]

    @receiver(Pinged)
    def on_ping(event: Pinged) -> None: ...

    try:
        assert on_ping in registry()[Pinged]
    finally:
        unsubscribe(Pinged, on_ping)


def test_the_registry_lists_every_context_event_and_its_receivers(capsys):
    names = {f"{e.__module__}.{e.__name__}" for e in registry()}
    assert {
        "lms.learning.events.TaskCompleted",
        "lms.learning.events.CourseCompleted",
        "lms.learning.events.EnrollmentCreated",
        "lms.learning.events.EnrollmentRevoked",
        "lms.commerce.events.OrderPaid",
        "lms.commerce.events.OrderRefunded",
        "lms.catalog.events.CourseSubmitted",
        "lms.catalog.events.CourseReviewed",
        "lms.catalog.events.CoursePublished",
    } <= names
    call_command("events")
    out = capsys.readouterr().out
    assert (
        "lms.learning.events.CourseCompleted -> lms.notifications.receivers.notify.course_completed,"
        " lms.gamification.receivers.course_completed_points,"
        " lms.certificates.receivers.course_completed_certificate"
    ) in out


@pytest.mark.django_db
def test_completing_the_last_task_publishes_task_and_course_completed(
    student, listen, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    first, last = tasks_of(lessons_in_order(course)[0])
    tasks, courses = listen(TaskCompleted), listen(CourseCompleted)
    with django_capture_on_commit_callbacks(execute=True):
        task_complete(user=student, task=first)
        task_complete(user=student, task=first)  # again: nothing new happened
        task_complete(user=student, task=last)
    assert [(e.task_id, e.source) for e in tasks] == [(first.pk, "self"), (last.pk, "self")]
    assert [(e.user_id, e.course_id) for e in courses] == [(student.pk, course.pk)]


@pytest.mark.django_db
def test_course_completion_is_pushed_to_the_students_sockets(
    student, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    EnrollmentFactory(user=student, course=course)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group_name(student.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        task_complete(user=student, task=tasks_of(lessons_in_order(course)[0])[0])
    message = async_to_sync(layer.receive)(channel)
    assert message["type"] == "notification.message"
    notification = message["notification"]
    assert notification["kind"] == "course_completed"
    assert notification["link"] == f"/app/courses/{course.slug}/"
