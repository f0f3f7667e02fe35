"""Reports: their rows, the console pages and downloads (CSV, XLSX), an instructor's scope,
and the background export (queued by a POST, progress, private download)."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.tests.factories import quiz_course
from lms.catalog.services import course_instructors_set
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import EnrollmentStatus, TaskCompletion
from lms.learning.tests.factories import EnrollmentFactory
from lms.meetings.models import Attendance, AttendanceStatus
from lms.meetings.tests.factories import MeetingFactory
from lms.reports.definitions import Filters, report_rows
from lms.reports.models import ReportExport

pytestmark = pytest.mark.django_db


def rows_of(slug, **filters):
    total, rows = report_rows(slug=slug, filters=Filters(**filters), course_ids=None)
    rows = list(rows)
    assert total == len(rows)
    return rows


@pytest.fixture
def academy():
    """A quiz course with two students in a group: one finished the reading and passed the
    quiz (80 %), one did nothing; an ended class both were invited to, one attended."""
    ada, bob = StudentFactory(full_name="Ada"), StudentFactory(full_name="Bob")
    setup = quiz_course(student=ada)
    EnrollmentFactory(user=bob, course=setup.course)
    cohort = CohortFactory(name="Batch A")
    CohortMembership.objects.create(cohort=cohort, user=ada)
    TaskCompletion.objects.create(user=ada, task=setup.reading)
    Attempt.objects.create(
        assessment=setup.assessment,
        user=ada,
        number=1,
        status=AttemptStatus.SUBMITTED,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        percent=Decimal("80"),
        passed=True,
    )
    start = timezone.now() - timezone.timedelta(days=1)
    meeting = MeetingFactory(
        courses=[setup.course],
        title="Week 1",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=1),
    )
    Attendance.objects.create(meeting=meeting, user=ada, status=AttendanceStatus.PRESENT)
    return {"setup": setup, "ada": ada, "bob": bob, "cohort": cohort}


def test_progress_rows(academy):
    rows = {row[0]: row for row in rows_of("progress")}
    assert rows["Ada"][5:8] == [1, 4, 25.0]  # the reading, of two lessons of two tasks
    assert rows["Bob"][5:8] == [0, 4, 0]
    assert [row[0] for row in rows_of("progress", cohort=academy["cohort"].pk)] == ["Ada"]


def test_completion_attendance_and_performance_rows(academy):
    academy["ada"].enrollments.update(
        status=EnrollmentStatus.COMPLETED, completed_at=timezone.now()
    )
    [completion] = rows_of("completion", course=academy["setup"].course.pk)
    assert completion[2:] == [2, 1, 50.0]
    [meeting] = rows_of("attendance")
    assert meeting[0] == "Week 1" and meeting[3:] == [2, 1, 50]
    [performance] = rows_of("performance")
    assert performance[1] == "Batch A" and performance[2:5] == [1, 80.0, 100.0]


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


def test_page_and_downloads(console, academy):
    url = reverse("admin:reports_report", args=["progress"])
    html = console.get(url).content.decode()
    assert "Ada" in html and "Bob" in html and "2 rows" in html
    response = console.get(url, {"download": "csv"})
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["Student", "Email", "Course"] and len(table) == 3
    response = console.get(url, {"download": "xlsx", "cohort": academy["cohort"].pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Student" and [row[0] for row in values[1:]] == ["Ada"]
    assert not ReportExport.objects.exists()  # small: written during the request


def test_an_instructor_sees_only_their_courses(client, admin_user, academy):
    instructor = InstructorFactory()
    other = CourseFactory(title="Not mine")
    EnrollmentFactory(course=other)
    course_instructors_set(course=other, instructors=[instructor], acting_user=admin_user)
    client.force_login(instructor)
    text = client.get(
        reverse("admin:reports_report", args=["progress"]), {"download": "csv"}
    ).content.decode("utf-8-sig")
    assert "Not mine" in text and "Ada" not in text
    assert client.get(reverse("admin:reports_report", args=["nope"])).status_code == 404


@override_settings(LMS_REPORT_SYNC_MAX_ROWS=1, LMS_REPORT_PROGRESS_EVERY=1)
def test_a_large_export_runs_as_a_job(console, client, academy, django_capture_on_commit_callbacks):
    url = reverse("admin:reports_report", args=["progress"])
    html = console.get(url, {"download": "csv"}).content.decode()
    assert 'data-testid="report-export-job"' in html  # no file: too many rows for now
    assert console.get(reverse("admin:reports_export_start", args=["progress"])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            reverse("admin:reports_export_start", args=["progress"]),
            {"format": "xlsx", "cohort": ""},
        )
    export = ReportExport.objects.get()
    assert response["Location"] == reverse("admin:reports_export_progress", args=[export.pk])
    assert export.status == ReportExport.Status.DONE and export.total_rows == 2
    assert export.file.name.startswith("private/report-exports/")
    page = console.get(response["Location"]).content.decode()
    assert 'data-testid="export-download"' in page
    download = console.get(reverse("admin:reports_export_download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 3

    stranger = InstructorFactory()
    client.force_login(stranger)
    assert client.get(reverse("admin:reports_export_download", args=[export.pk])).status_code == 404
    assert client.get(reverse("admin:reports_export_progress", args=[export.pk])).status_code == 404


def test_progress_is_shown_while_the_job_runs(console, admin_user):
    export = ReportExport.objects.create(
        created_by=admin_user,
        report="progress",
        file_format="csv",
        total_rows=10,
        written_rows=4,
        status=ReportExport.Status.RUNNING,
    )
    html = console.get(
        reverse("admin:reports_export_progress", args=[export.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'aria-valuenow="40"' in html and "hx-get" in html
    assert (
        console.get(reverse("admin:reports_export_download", args=[export.pk])).status_code == 403
    )
