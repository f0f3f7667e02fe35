"""The console's people import (upload, preview, import, result) and export, as an admin
uses them; instructors and students are refused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import Enrollment
from lms.people import services
from lms.people.models import UserImport
from lms.people.tests.helpers import people_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, rows, **options):
    file = SimpleUploadedFile("people.csv", people_csv(rows), content_type="text/csv")
    return client.post(reverse("admin:accounts_user_import"), {"import_file": file, **options})


def test_people_list_has_import_and_export(admin_client):
    html = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert reverse("admin:accounts_user_import") in html or "import_people" in html
    assert reverse("admin:accounts_user_export") in html


def test_upload_preview_then_import_the_valid_rows(
    admin_client, django_capture_on_commit_callbacks
):
    rows = [
        {"email": "a@example.com", "full_name": "A", "cohorts": "Evening"},
        {"email": "bad-email", "full_name": "B"},
        {"email": "c@example.com", "courses": "nope"},
    ]
    response = upload(admin_client, rows, create_cohorts="on")
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    html = preview.content.decode()
    assert "“bad-email” is not a valid email address." in html
    assert "Unknown course “nope”." in html
    assert 'data-testid="confirm-form"' in html
    assert not User.objects.filter(email="a@example.com").exists()

    user_import = UserImport.objects.get()
    confirm = reverse("admin:accounts_user_import_confirm", args=[user_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(confirm, {"mode": "valid", "send_welcome": "on"})
    assert response.status_code == 302
    result = admin_client.get(response["Location"]).content.decode()
    assert 'data-testid="refused-csv"' in result
    assert User.objects.get(email="a@example.com").cohorts.get().name == "Evening"

    refused = admin_client.get(reverse("admin:accounts_user_import_refused", args=[user_import.pk]))
    table = list(csv.DictReader(io.StringIO(refused.content.decode("utf-8-sig"))))
    assert [(row["row"], row["email"]) for row in table] == [
        ("3", "bad-email"),
        ("4", "c@example.com"),
    ]
    assert "Unknown course" in table[1]["errors"]


def test_a_running_import_shows_a_progress_bar_that_htmx_refreshes(admin_client, admin_user):
    user_import = UserImport.objects.create(
        created_by=admin_user,
        file_name="big.csv",
        total_rows=1000,
        processed_rows=250,
        status=UserImport.Status.IMPORTING,
        dry_run=False,
    )
    url = reverse("admin:accounts_user_import_detail", args=[user_import.pk])
    page = admin_client.get(url).content.decode()
    assert 'aria-valuenow="25"' in page and 'hx-trigger="every 1s"' in page
    fragment = admin_client.get(url, HTTP_HX_REQUEST="true")
    assert b'role="progressbar"' in fragment.content and b"<html" not in fragment.content
    UserImport.objects.filter(pk=user_import.pk).update(status=UserImport.Status.DONE)
    done = admin_client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_template_downloads(admin_client):
    response = admin_client.get(reverse("admin:accounts_user_import_template", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "email,full_name,role,cohorts,courses,language,timezone,phone"
    assert "asha.verma@example.com" in text
    xlsx = admin_client.get(reverse("admin:accounts_user_import_template", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"


def test_export_edit_import_round_trips(admin_client, admin_user):
    course = CourseFactory(slug="data-101")
    cohort = CohortFactory(name="Batch 7")
    people = [
        StudentFactory(email=f"s{n}@example.com", phone=f"+91 98765 4321{n}") for n in range(3)
    ]
    for person in people:
        cohort.memberships.create(user=person)
        Enrollment.objects.create(user=person, course=course, source="admin")
    response = admin_client.post(
        reverse("admin:accounts_user_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = list(exported[0])
    assert header == [
        "email",
        "full_name",
        "role",
        "cohorts",
        "courses",
        "language",
        "timezone",
        "phone",
    ]
    s0 = next(row for row in exported if row["email"] == "s0@example.com")
    assert (s0["cohorts"], s0["courses"], s0["phone"]) == ("Batch 7", "data-101", "+91 98765 43210")

    unchanged = services.user_import_start(
        acting_user=admin_user,
        content=people_csv(exported),
        file_name="people.csv",
        dry_run=True,
        update_existing=True,
    )
    statuses = {row["email"]: row for row in unchanged.rows}
    assert statuses["s0@example.com"]["status"] == "unchanged"
    assert (unchanged.failed, unchanged.updated) == (0, 0)
    s0["full_name"] = "Edited Name"
    edited = services.user_import_start(
        acting_user=admin_user,
        content=people_csv(exported),
        file_name="people.csv",
        dry_run=False,
        update_existing=True,
        send_welcome=False,
    )
    statuses = {row["email"]: row["status"] for row in edited.rows}
    assert statuses["s0@example.com"] == "updated"
    assert statuses["s1@example.com"] == "unchanged"
    assert User.objects.get(email="s0@example.com").full_name == "Edited Name"


@pytest.mark.parametrize("who", ["student", "instructor"])
def test_only_admins_reach_the_import_pages(client, who, request, admin_user):
    user_import = UserImport.objects.create(created_by=admin_user, file_name="x.csv")
    client.force_login(request.getfixturevalue(who))
    gets = [
        reverse("admin:accounts_user_import"),
        reverse("admin:accounts_user_import_template", args=["csv"]),
        reverse("admin:accounts_user_import_detail", args=[user_import.pk]),
        reverse("admin:accounts_user_import_refused", args=[user_import.pk]),
        reverse("admin:accounts_user_export"),
    ]
    for url in gets:
        assert client.get(url).status_code in (302, 403), url
    for url in [
        reverse("admin:accounts_user_import"),
        reverse("admin:accounts_user_import_confirm", args=[user_import.pk]),
    ]:
        assert client.post(url, {"mode": "valid"}).status_code in (302, 403), url
    if who == "instructor":  # in the console, but not allowed here
        for url in gets[:4]:
            assert client.get(url).status_code == 403, url
    assert not User.objects.exclude(
        pk__in=[admin_user.pk, request.getfixturevalue(who).pk]
    ).exists()


def test_confirm_is_post_only(admin_client, admin_user):
    user_import = UserImport.objects.create(created_by=admin_user, file_name="x.csv")
    url = reverse("admin:accounts_user_import_confirm", args=[user_import.pk])
    assert admin_client.get(url).status_code == 405
