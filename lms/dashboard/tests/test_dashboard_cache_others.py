"""What others do to a student through the console or a job shows on their stored dashboard
at once (lms/dashboard/receivers.py): a group deleted, a certificate revoked or issued, a
notification stored, attendance marked. On-commit callbacks run as on the real server."""

import pytest
from django.test import Client
from django.urls import reverse

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

HOME = reverse("student_pwa:home")
API = reverse("api:my-dashboard")


def test_group_deleted_in_the_console_leaves_the_dashboard_at_once(
    student, django_capture_on_commit_callbacks
):
    """Deleting a group takes everyone out of it (CohortMembershipChanged): its meetings
    leave the members' panels and API at once."""
    group = CohortFactory(name="Batch Z")
    CohortMembership.objects.create(cohort=group, user=student)
    MeetingFactory(title="Group-only class", cohorts=[group])
    me = Client()
    me.force_login(student)
    assert "Group-only class" in me.get(HOME).content.decode()
    assert [m["title"] for m in me.get(API).json()["upcoming_meetings"]] == ["Group-only class"]

    console = Client()
    console.force_login(AdminFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            reverse("admin:accounts_cohort_delete", args=[group.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not CohortMembership.objects.filter(user=student).exists()

    assert "Group-only class" not in me.get(HOME).content.decode()
    assert me.get(API).json()["upcoming_meetings"] == []


def test_certificate_revoked_in_the_console_shows_at_once(
    student, django_capture_on_commit_callbacks
):
    """A revoked certificate is no longer offered for download nor called valid."""
    from lms.certificates.tests.factories import issued_certificate

    certificate = issued_certificate(user=student)
    me = Client()
    me.force_login(student)
    assert me.get(API).json()["certificates"][0]["valid"] is True
    assert "Download PDF" in me.get(HOME).content.decode()
    console = Client()
    console.force_login(AdminFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            reverse("admin:certificates_certificate_revoke", args=[certificate.pk]),
            {"reason": "Plagiarism"},
        )
    assert response.status_code == 302
    assert me.get(API).json()["certificates"][0]["valid"] is False
    assert "Download PDF" not in me.get(HOME).content.decode()


def test_certificate_issued_by_the_job_shows_at_once(student, django_capture_on_commit_callbacks):
    """The certificate is drawn by a Huey job after CourseCompleted: a dashboard stored in
    between is left behind when it is issued."""
    from lms.certificates import services
    from lms.certificates.tests.factories import completed_enrollment

    enrollment = completed_enrollment(user=student)
    me = Client()
    me.force_login(student)
    assert me.get(API).json()["certificates"] == []  # viewed right after completing
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_issue(enrollment_id=enrollment.pk)  # what the job runs
    assert len(me.get(API).json()["certificates"]) == 1


def test_a_notification_sent_to_the_person_shows_on_the_dashboard_at_once(
    student, django_capture_on_commit_callbacks
):
    """The bell gets the new unread count over the socket at once; the dashboard's panel on
    the same page agrees."""
    from lms.notifications.services import notification_send

    me = Client()
    me.force_login(student)
    assert me.get(API).json()["notifications"]["unread"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(user_ids=[student.pk], kind="announcement", title="Exam moved")
    assert me.get(API).json()["notifications"]["unread"] == 1


def test_attendance_marked_in_the_console_shows_at_once(
    student, django_capture_on_commit_callbacks
):
    """Attendance marked on the console's attendance page (AttendanceMarked) shows at once."""
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=1)
    meeting = MeetingFactory(users=[student], starts_at=start, ends_at=start + timedelta(hours=1))
    me, console = Client(), Client()
    me.force_login(student)
    console.force_login(AdminFactory())
    assert me.get(API).json()["attendance"]["percent"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
            {"people": [student.pk], "status": "present"},
        )
    assert response.status_code == 302
    assert me.get(API).json()["attendance"]["percent"] == 100
