"""Importing people from a file: preview, modes, groups, courses and welcome emails."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from lms.accounts.models import Cohort, Role, User
from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.learning.models import Enrollment
from lms.people import services
from lms.people.models import UserImport
from lms.people.parsing import rows_read, table_write, template_file
from lms.people.tests.helpers import people_csv

pytestmark = pytest.mark.django_db


def start(admin, rows, **options):
    return services.user_import_start(
        acting_user=admin, content=people_csv(rows), file_name="people.csv", **options
    )


def by_row(user_import: UserImport) -> dict[int, dict]:
    return {result["row"]: result for result in user_import.rows}


@pytest.fixture
def course():
    return CourseFactory(slug="python-basics")


def test_preview_reports_each_row_and_writes_nothing(admin_user, course):
    StudentFactory(email="known@example.com", full_name="Known Person")
    CohortFactory(name="Batch A")
    rows = [
        {"email": "new@example.com", "full_name": "New One", "cohorts": "batch a"},
        {"email": "known@example.com", "full_name": "Known Renamed"},
        {"email": "known2@example.com", "full_name": "Twin", "courses": "python-basics"},
        {"email": "not-an-email", "full_name": "Broken"},
        {"email": "c@example.com", "courses": "python-basics; no-such-course"},
        {"email": "r@example.com", "role": "wizard"},
        {"email": "NEW@example.com", "full_name": "Twice"},
        {"email": "g@example.com", "cohorts": "Unknown batch"},
    ]
    result = start(admin_user, rows, dry_run=True, update_existing=True)

    assert result.status == UserImport.Status.PREVIEWED
    rows = by_row(result)
    assert rows[2]["status"] == "new"
    assert rows[3]["status"] == "updated"
    assert rows[4]["status"] == "new"
    assert rows[5]["errors"] == ["“not-an-email” is not a valid email address."]
    assert rows[6]["errors"] == ["Unknown course “no-such-course”."]
    assert rows[7]["errors"] == ["Unknown role “wizard”: use student, instructor or admin."]
    assert rows[8]["errors"] == ["This email is already in row 2."]
    assert "Group “Unknown batch” does not exist" in rows[9]["errors"][0]
    assert (result.created, result.updated, result.unchanged, result.failed) == (2, 1, 0, 5)
    assert not User.objects.filter(email="new@example.com").exists()
    assert User.objects.get(email="known@example.com").full_name == "Known Person"


def test_import_valid_rows_creates_people_groups_and_enrollments(
    admin_user, course, django_capture_on_commit_callbacks
):
    rows = [
        {
            "email": "Asha@Example.com",
            "full_name": "Asha Verma",
            "cohorts": "Batch 2026; Weekend",
            "courses": "python-basics",
            "language": "hi",
            "timezone": "Europe/London",
            "phone": "+91 98765 43210",
        },
        {"email": "ravi@example.com", "full_name": "Ravi", "role": "Instructor"},
        {"email": "bad@", "full_name": "Bad"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = start(admin_user, rows, dry_run=False, create_cohorts=True)

    assert result.status == UserImport.Status.DONE
    assert (result.created, result.failed) == (2, 1)
    assert not result.file  # personal data is not kept once imported
    asha = User.objects.get(email="asha@example.com")
    assert (asha.preferred_language, asha.timezone, asha.phone) == (
        "hi",
        "Europe/London",
        "+91 98765 43210",
    )
    assert not asha.has_usable_password()
    assert EmailAddress.objects.get(user=asha).verified
    assert sorted(asha.cohorts.values_list("name", flat=True)) == ["Batch 2026", "Weekend"]
    assert Enrollment.objects.filter(user=asha, course=course, source="admin").exists()
    ravi = User.objects.get(email="ravi@example.com")
    assert ravi.role == Role.INSTRUCTOR and ravi.is_staff
    # One welcome each; Asha also hears of her enrollment (the "enrolled" notification).
    welcomes = [message for message in mail.outbox if "/password/reset/key/" in message.body]
    assert sorted(message.to[0] for message in welcomes) == [
        "asha@example.com",
        "ravi@example.com",
    ]
    assert [message.to[0] for message in mail.outbox if message not in welcomes] == [
        "asha@example.com"
    ]


def test_welcome_link_sets_a_password_once(admin_user, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start(admin_user, [{"email": "meera@example.com", "full_name": "Meera"}], dry_run=False)
    (message,) = mail.outbox
    assert (
        "password" not in message.body.lower().split("http")[0]
        or "Choose your password" in message.body
    )
    link = re.search(r"https?://\S+/password/reset/key/\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(
        form_url, {"password1": "Brand-New-Secret-7", "password2": "Brand-New-Secret-7"}
    )
    assert response.status_code == 302
    meera = User.objects.get(email="meera@example.com")
    assert meera.check_password("Brand-New-Secret-7")
    client.logout()
    again = client.get("/" + path, follow=True)
    assert "Brand-New-Secret-7" not in again.content.decode()
    assert b"password1" not in again.content


def test_no_welcome_email_when_asked(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start(admin_user, [{"email": "quiet@example.com"}], dry_run=False, send_welcome=False)
    assert User.objects.filter(email="quiet@example.com").exists()
    assert mail.outbox == []


def test_all_or_nothing_imports_nothing_when_a_row_is_wrong(admin_user):
    rows = [{"email": "fine@example.com"}, {"email": "nope"}]
    result = start(admin_user, rows, dry_run=False, all_or_nothing=True)
    assert result.status == UserImport.Status.DONE
    assert (result.created, result.failed) == (0, 1)
    assert "Nothing was imported" in result.message
    assert not User.objects.filter(email="fine@example.com").exists()


def test_existing_people_are_left_alone_unless_asked(admin_user):
    StudentFactory(email="known@example.com", full_name="Known")
    left = start(admin_user, [{"email": "known@example.com", "full_name": "Other"}], dry_run=False)
    assert by_row(left)[2]["status"] == "unchanged"
    assert User.objects.get(email="known@example.com").full_name == "Known"
    changed = start(
        admin_user,
        [{"email": "known@example.com", "full_name": "Other", "role": "instructor"}],
        dry_run=False,
        update_existing=True,
    )
    assert by_row(changed)[2]["status"] == "updated"
    known = User.objects.get(email="known@example.com")
    assert (known.full_name, known.role, known.is_staff) == ("Other", Role.INSTRUCTOR, True)
    same = start(
        admin_user,
        [{"email": "known@example.com", "full_name": "Other"}],
        dry_run=False,
        update_existing=True,
    )
    assert by_row(same)[2]["status"] == "unchanged"


def test_the_importer_cannot_change_their_own_account(admin_user):
    result = start(
        admin_user,
        [{"email": admin_user.email, "role": "student"}],
        dry_run=False,
        update_existing=True,
    )
    assert by_row(result)[2]["status"] == "error"
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_confirming_a_preview_imports_it(admin_user, django_capture_on_commit_callbacks):
    preview = start(admin_user, [{"email": "later@example.com"}], dry_run=True)
    assert not User.objects.filter(email="later@example.com").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.user_import_confirm(
            user_import=preview,
            acting_user=admin_user,
            update_existing=False,
            create_cohorts=False,
            all_or_nothing=True,
            send_welcome=False,
        )
    done.refresh_from_db()
    assert done.status == UserImport.Status.DONE
    assert User.objects.filter(email="later@example.com").exists()
    with pytest.raises(ApplicationError):
        services.user_import_confirm(
            user_import=done,
            acting_user=admin_user,
            update_existing=False,
            create_cohorts=False,
            all_or_nothing=False,
            send_welcome=False,
        )


def test_large_files_run_as_a_job_with_progress(
    admin_user, settings, django_capture_on_commit_callbacks
):
    settings.LMS_PEOPLE_IMPORT_INLINE_ROWS = 10
    settings.LMS_PEOPLE_IMPORT_BATCH_SIZE = 7
    rows = [{"email": f"p{n}@example.com"} for n in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        result = start(admin_user, rows, dry_run=False, send_welcome=False)
        assert result.status == "importing"  # queued for the worker
    result.refresh_from_db()
    assert (result.status, result.processed_rows, result.created) == ("done", 30, 30)
    assert result.progress_percent == 100


def test_only_admins_import(instructor):
    with pytest.raises(PermissionDeniedError):
        start(instructor, [{"email": "x@example.com"}])


def test_unreadable_files_are_refused_whole(admin_user):
    with pytest.raises(ApplicationError, match="email"):
        services.user_import_start(acting_user=admin_user, content=b"name\nX\n", file_name="a.csv")
    with pytest.raises(ApplicationError, match="CSV or XLSX"):
        services.user_import_start(acting_user=admin_user, content=b"email\n", file_name="a.pdf")
    with pytest.raises(ApplicationError, match="no rows"):
        services.user_import_start(acting_user=admin_user, content=b"email\n\n", file_name="a.csv")


def test_xlsx_and_loose_headers_are_read():
    content = table_write(
        header=["E-mail", "Full Name", "Time zone", "Groups", "Phone"],
        records=[["A@example.com", "A", "Asia/Kolkata", "X; Y", 919876543210.0], [None] * 5],
        file_format="xlsx",
    )
    (row,) = rows_read(content=content, file_name="people.xlsx")
    assert row.number == 2
    assert row.email == "a@example.com"
    assert row.values["phone"] == "919876543210"
    assert row.cohorts == ["X", "Y"]
    template = rows_read(content=template_file(file_format="csv"), file_name="t.csv")
    assert template[0].values["email"] == "asha.verma@example.com"


def test_a_batch_costs_the_same_queries_whatever_its_size(
    admin_user, settings, django_assert_max_num_queries
):
    """100 rows (one batch) and 1,000 rows (ten batches): the cost grows by batch, not by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LMS_PEOPLE_IMPORT_INLINE_ROWS = 10_000
    settings.LMS_PEOPLE_IMPORT_BATCH_SIZE = 100
    for name in ("Batch A", "Batch B"):
        CohortFactory(name=name)
    CourseFactory(slug="python-basics")
    CourseFactory(slug="sql-basics")
    existing = [StudentFactory(email=f"old{n}@example.com") for n in range(100)]

    def queries_for(count: int, run: str) -> int:
        rows = [
            {
                "email": existing[n // 10].email if n % 10 == 0 else f"{run}{n}@example.com",
                "full_name": f"{run} {n}",
                "cohorts": "Batch A; Batch B",
                "courses": "python-basics; sql-basics",
                "role": "student",
                "timezone": "Asia/Kolkata",
            }
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            start(admin_user, rows, dry_run=False, update_existing=True, send_welcome=False)
        return len(captured)

    one_batch = queries_for(100, "a")
    two_batches = queries_for(200, "b")
    ten_batches = queries_for(1000, "c")
    per_batch = two_batches - one_batch
    assert ten_batches - one_batch == 9 * per_batch
    assert per_batch <= 30  # 22 on SQLite with two courses and two groups a row
    assert User.objects.filter(email__startswith="c").count() == 900
    assert Cohort.objects.get(name="Batch A").members.count() == 100 + 90 + 180 + 900


def test_imported_group_members_join_the_group_chat(admin_user, django_capture_on_commit_callbacks):
    """The import adds people to groups through the groups' service, so each group's chat
    follows its membership as it does for the console (CohortMembershipChanged)."""
    from lms.accounts import services as accounts_services
    from lms.chat.models import Conversation, Membership

    batch = CohortFactory(name="Batch A")
    already = StudentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.cohort_add_members(cohort=batch, user_ids=[already.pk])
    rows = [
        {"email": "asha@example.com", "cohorts": "Batch A; Weekend"},
        {"email": already.email, "cohorts": "Batch A"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = start(admin_user, rows, dry_run=False, create_cohorts=True, update_existing=True)

    assert result.status == UserImport.Status.DONE and result.failed == 0
    asha = User.objects.get(email="asha@example.com")
    chat_members = {
        cohort.name: set(
            Membership.objects.filter(
                conversation=Conversation.objects.get(cohort=cohort), removed_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        for cohort in Cohort.objects.filter(name__in=["Batch A", "Weekend"])
    }
    assert chat_members == {"Batch A": {already.pk, asha.pk}, "Weekend": {asha.pk}}
