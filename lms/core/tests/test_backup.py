"""`manage.py backup` and `manage.py restore` round-trip a populated academy: people, a
course with its roadmap, enrollments, an order, the audit log and an uploaded file, on the
database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import io
import tarfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from lms.accounts.models import User
from lms.accounts.tests.factories import AdminFactory, StudentFactory
from lms.audit.models import AuditEntry
from lms.audit.services import audit_record
from lms.catalog.cache import catalog_version
from lms.catalog.models import Course, Lesson, Module, Task
from lms.catalog.tests.factories import build_course
from lms.commerce.models import Order
from lms.commerce.tests.factories import OrderFactory
from lms.core import backup
from lms.learning.models import Enrollment
from lms.learning.tests.factories import EnrollmentFactory

# The dump and the restore run outside the test's transaction (pg_dump is another
# connection), so the rows must be committed: a transactional test, flushed afterwards.
pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="DATABASE_URL is not PostgreSQL"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def populate() -> dict:
    admin = AdminFactory(email="admin@example.com")
    student = StudentFactory(email="asha@example.com", full_name="Asha Verma")
    student.resume.save("resume.pdf", ContentFile(b"%PDF-1.4 Asha's resume"))
    course = build_course(modules=2, lessons_per_module=2, tasks_per_lesson=2, title="Python")
    EnrollmentFactory(user=student, course=course)
    OrderFactory(user=student, course=course, amount=Decimal("499.00"))
    with transaction.atomic():
        audit_record(actor=admin, action="user.disable", target=student, changes={"a": [1, 2]})
    return snapshot() | {"resume": student.resume.name}


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "full_name", "role")),
        "course": list(Course.objects.values_list("slug", "title")),
        "roadmap": (Module.objects.count(), Lesson.objects.count(), Task.objects.count()),
        "enrollments": sorted(Enrollment.objects.values_list("user__email", "status")),
        "orders": list(Order.objects.values_list("user__email", "amount", "status")),
        "audit": list(AuditEntry.objects.values_list("actor__email", "action", "changes")),
    }


def wreck() -> None:
    """What a bad day does: rows gone and changed, the file gone."""
    student = User.objects.get(email="asha@example.com")
    student.resume.delete(save=False)
    Order.objects.all().delete()
    Enrollment.objects.all().delete()
    Course.objects.all().delete()
    User.objects.filter(email="asha@example.com").update(full_name="Someone Else")
    AdminFactory(email="intruder@example.com")


def round_trip(tmp_path, method: str) -> None:
    before = populate()
    call_command("backup", str(tmp_path / "backups"), method=method, stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("lms-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names and f"media/{before['resume']}" in names

    wreck()
    assert snapshot() != {key: value for key, value in before.items() if key != "resume"}
    version = catalog_version()
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())
    assert catalog_version() != version  # nothing cached from the replaced database is used

    connection.close()  # whatever the restore did to the connection, read afresh
    after = snapshot()
    assert after == {key: value for key, value in before.items() if key != "resume"}
    student = User.objects.get(email="asha@example.com")
    assert student.resume.name == before["resume"]
    with student.resume.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 Asha's resume"
    # The restored database still works for writes (sequences, constraints).
    AdminFactory(email="after@example.com")
    build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the suite runs on PostgreSQL")
def test_round_trip_on_sqlite_uses_its_backup_api(media, tmp_path):
    assert backup.method_for("auto") == "sqlite"
    round_trip(tmp_path, "native")


@POSTGRES
def test_round_trip_on_postgresql_uses_pg_dump(media, tmp_path):
    assert backup.method_for("auto") == "pg_dump"
    round_trip(tmp_path, "native")


def test_round_trip_with_dumpdata(media, tmp_path):
    round_trip(tmp_path, "json")


def test_restore_refuses_what_is_not_a_backup(media, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="not an LMS backup"):
        call_command("restore", str(bogus), interactive=False)
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), interactive=False)
