"""Events of other contexts become notifications (through a Huey job, immediate in tests)."""

import pytest
from django.core import mail

from lms.accounts.models import Role
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.assignments.events import AssignmentPosted
from lms.assignments.tests.factories import AssignmentFactory
from lms.catalog.services import instructor_application_reject
from lms.catalog.tests.factories import CourseFactory, InstructorApplicationFactory
from lms.core.events import publish
from lms.learning.services import enrollment_create
from lms.notifications import services
from lms.notifications.models import Notification
from lms.notifications.services import delivery

pytestmark = pytest.mark.django_db


def test_enrolment_notifies_the_student(django_capture_on_commit_callbacks):
    student, course = StudentFactory(), CourseFactory(title="Python")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=student, course=course, source="free")
    notification = Notification.objects.get(user=student)
    assert notification.kind == "enrolled"
    assert notification.title == "You are enrolled in Python"
    assert notification.link == f"/app/courses/{course.slug}/"
    assert any(m.subject == "You are enrolled in Python" for m in mail.outbox)


def test_a_rejected_application_tells_the_applicant_with_feedback(
    django_capture_on_commit_callbacks,
):
    application = InstructorApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        instructor_application_reject(
            application=application, acting_user=AdminFactory(), feedback="More detail"
        )
    notification = Notification.objects.get(user=application.user)
    assert notification.kind == "instructor_application" and notification.body == "More detail"
    assert application.user.role == Role.STUDENT


def test_an_assignment_to_a_large_group_fans_out_in_batches(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 4)
    cohort = CohortFactory()
    members = StudentFactory.create_batch(10)
    cohort.members.add(*members)
    outsider = StudentFactory()
    assignment = AssignmentFactory()
    assignment.target_cohorts.add(cohort)
    batches = []
    original = delivery.notification_send

    def counted(**kwargs):
        batches.append(len(kwargs["user_ids"]))
        return original(**kwargs)

    # The first batch runs in the job that built the audience, the others in their own jobs.
    monkeypatch.setattr(delivery, "notification_send", counted)
    monkeypatch.setattr(services, "notification_send", counted)
    with django_capture_on_commit_callbacks(execute=True):
        publish(AssignmentPosted(assignment_id=assignment.pk, course_id=assignment.course_id))
    assert sorted(
        Notification.objects.filter(kind="assignment_posted").values_list("user_id", flat=True)
    ) == sorted(m.pk for m in members)
    assert not Notification.objects.filter(user=outsider).exists()
    assert batches == [4, 4, 2]
