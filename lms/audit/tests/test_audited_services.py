"""Each service that matters writes one audit entry, with its actor and what changed, in
its own transaction: a service that rolls back leaves no entry."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.test import RequestFactory

from lms.accounts import services as account_services
from lms.accounts.models import Role
from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Option
from lms.assessments.services import attempts as attempt_services
from lms.assessments.services.imports import question_file_import
from lms.assessments.tests.factories import quiz_course, wrong_option
from lms.assignments import services as assignment_services
from lms.assignments.tests.factories import AssignmentFactory, SubmissionFactory
from lms.audit.models import AuditEntry
from lms.audit.services import audit_record
from lms.catalog import services as catalog_services
from lms.catalog.models import CourseStatus
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.commerce import services as commerce_services
from lms.commerce.models import Coupon
from lms.commerce.tests.factories import CouponFactory
from lms.core.errors import ApplicationError
from lms.learning import services as learning_services
from lms.learning.bulk_enrollment import enrollments_bulk_create
from lms.learning.models import EnrollmentSource, EnrollmentStatus
from lms.people import services as people_services
from lms.people.tests.helpers import people_csv

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "assessments" / "tests" / "samples"


def only_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [entry.action for entry in AuditEntry.objects.all()]
    return entries[0]


def test_enrollment_create_revoke_and_reactivate(student, admin_user):
    course = CourseFactory()
    enrollment = learning_services.enrollment_create(
        user=student, course=course, source=EnrollmentSource.ADMIN, acting_user=admin_user
    )
    created = only_entry("enrollment.create")
    assert created.actor == admin_user and created.actor_label == admin_user.email
    assert created.target_id == str(enrollment.pk) and created.target_type.model == "enrollment"
    assert created.changes["status"] == [None, EnrollmentStatus.ACTIVE]
    assert created.changes["user"] == student.pk and created.changes["course"] == course.pk

    learning_services.enrollment_revoke(enrollment=enrollment, acting_user=admin_user)
    assert only_entry("enrollment.revoke").changes["status"] == ["active", "revoked"]
    learning_services.enrollment_reactivate(enrollment=enrollment, acting_user=admin_user)
    assert only_entry("enrollment.reactivate").changes["status"] == ["revoked", "active"]
    assert AuditEntry.objects.filter(actor=admin_user).count() == 3


def test_a_student_enrolling_themselves_is_the_actor(student):
    learning_services.enrollment_create(
        user=student, course=CourseFactory(), source=EnrollmentSource.FREE
    )
    assert only_entry("enrollment.create").actor == student


def test_bulk_enrollment_writes_one_entry_naming_everyone(admin_user):
    course = CourseFactory()
    people = StudentFactory.create_batch(3)
    enrollments_bulk_create(course=course, users=people, source="admin", acting_user=admin_user)
    entry = only_entry("enrollment.bulk_create")
    assert entry.actor == admin_user and entry.target_id == str(course.pk)
    assert entry.changes["enrolled"] == sorted(person.pk for person in people)


def test_refund_records_the_order_and_the_revoked_enrollment(student, admin_user):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE100")
    result = commerce_services.enrollment_checkout(user=student, course=course, code="free100")
    commerce_services.order_refund(order=result.order, acting_user=admin_user)
    refund = only_entry("order.refund")
    assert refund.actor == admin_user and refund.target_id == str(result.order.pk)
    assert refund.changes["status"] == ["paid", "refunded"]
    assert only_entry("enrollment.revoke").actor == admin_user


def test_role_and_active_changes(admin_user):
    person = StudentFactory()
    account_services.user_role_set(user=person, role=Role.INSTRUCTOR, acting_user=admin_user)
    assert only_entry("user.role_change").changes == {"role": ["student", "instructor"]}
    account_services.user_active_set(user=person, active=False, acting_user=admin_user)
    disabled = only_entry("user.disable")
    assert disabled.actor == admin_user and disabled.changes == {"is_active": [True, False]}
    account_services.users_set_active(user_ids=[person.pk], active=True, acting_user=admin_user)
    assert only_entry("user.enable").target_id == str(person.pk)
    # Setting what is already set changes nothing and records nothing.
    account_services.user_role_set(user=person, role=Role.INSTRUCTOR, acting_user=admin_user)
    assert AuditEntry.objects.count() == 3


def test_regrade_records_old_and_new_marks(student, admin_user):
    setup = quiz_course(student=student)
    attempt = attempt_services.attempt_start(user=student, assessment=setup.assessment)
    ids = list(attempt.questions.values_list("question_id", flat=True))
    for pk in ids:
        attempt_services.answer_save(attempt=attempt, question_id=pk, option_ids=[wrong_option(pk)])
    attempt_services.attempt_submit(attempt=attempt)
    for pk in ids[:2]:
        Option.objects.filter(pk=wrong_option(pk)).update(fraction=Decimal("1"))
    attempt_services.assessment_regrade(assessment=setup.assessment, acting_user=admin_user)
    entry = only_entry("attempt.regrade")
    assert entry.actor == admin_user and entry.target_id == str(attempt.pk)
    assert entry.changes["passed"] == [False, True]
    assert entry.changes["percent"] == ["0.00", "50.00"]


def test_allowance_grant(student, admin_user):
    setup = quiz_course(student=student)
    attempt_services.allowance_grant(
        assessment=setup.assessment, user=student, extra_minutes=15, acting_user=admin_user
    )
    assert only_entry("allowance.grant").changes["extra_minutes"] == [0, 15]


def test_submission_review_records_the_marks(student, instructor):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    course.instructors.add(instructor)
    assignment = AssignmentFactory(course=course, max_marks=10, pass_marks=6)
    submission = SubmissionFactory(assignment=assignment, user=student)
    assignment_services.submission_review(
        acting_user=instructor, submission=submission, marks=7, feedback="Good"
    )
    entry = only_entry("submission.review")
    assert entry.actor == instructor and entry.changes["marks"] == [None, 7]


def test_coupons_create_update_deactivate_delete_and_batches(admin_user):
    coupon = commerce_services.coupon_create(code="spring", created_by=admin_user)
    assert only_entry("coupon.create").changes["code"] == "SPRING"
    commerce_services.coupon_update(coupon=coupon, value=Decimal("50.00"), acting_user=admin_user)
    assert only_entry("coupon.update").changes == {"value": ["100.00", "50.00"]}
    commerce_services.coupons_deactivate(coupon_ids=[coupon.pk], acting_user=admin_user)
    assert AuditEntry.objects.filter(action="coupon.update").count() == 2
    commerce_services.coupon_delete(coupon=coupon, acting_user=admin_user)
    assert only_entry("coupon.delete").target_label == "SPRING"
    assert not Coupon.objects.exists()

    created = commerce_services.coupon_batch_generate(
        count=3, batch="Diwali", created_by=admin_user
    )
    batch = only_entry("coupon.batch_generate")
    assert batch.actor == admin_user and batch.changes["count"] == 3
    assert batch.changes["codes"] == sorted(coupon.code for coupon in created)


def test_review_decisions(instructor, admin_user):
    course = build_course(
        modules=1, lessons_per_module=1, status=CourseStatus.DRAFT, instructors=[instructor]
    )
    catalog_services.course_permissions_sync(course=course)
    catalog_services.course_submit_for_review(course=course, acting_user=instructor)
    catalog_services.course_reject(course=course, acting_user=admin_user, feedback="More.")
    catalog_services.course_submit_for_review(course=course, acting_user=instructor)
    catalog_services.course_approve(course=course, acting_user=admin_user)
    catalog_services.course_unpublish(course=course, acting_user=admin_user)
    catalog_services.course_publish(course=course, acting_user=admin_user)
    actions = list(
        AuditEntry.objects.order_by("pk").values_list("action", "actor_id", "changes__status")
    )
    assert actions == [
        ("course.submit_for_review", instructor.pk, ["draft", "in_review"]),
        ("course.reject", admin_user.pk, ["in_review", "draft"]),
        ("course.submit_for_review", instructor.pk, ["draft", "in_review"]),
        ("course.approve", admin_user.pk, ["in_review", "published"]),
        ("course.unpublish", admin_user.pk, ["published", "draft"]),
        ("course.publish", admin_user.pk, ["draft", "published"]),
    ]
    assert AuditEntry.objects.filter(action="course.reject").get().changes["review_feedback"] == (
        "More."
    )


def test_people_import(admin_user, django_capture_on_commit_callbacks):
    rows = [{"email": "asha@example.com", "full_name": "Asha"}, {"email": "x@example.com"}]
    with django_capture_on_commit_callbacks(execute=True):
        people_services.user_import_start(
            acting_user=admin_user, content=people_csv(rows), file_name="people.csv", dry_run=False
        )
    entry = only_entry("people.import")
    assert entry.actor == admin_user and entry.changes["rows"] == {"new": 2}
    assert len(entry.changes["created_users"]) == 2


def test_question_import(admin_user):
    question_file_import(
        content=(SAMPLES / "sample.gift").read_bytes(),
        format="gift",
        category_path="Imported",
        dry_run=False,
        created_by=admin_user,
    )
    entry = only_entry("questions.import")
    assert entry.actor == admin_user and entry.changes["imported"] == 7
    assert entry.target_label.endswith("Imported")


# --- Rolled back: no entry -----------------------------------------------------------------


def test_a_refused_service_writes_no_entry(admin_user):
    with pytest.raises(ApplicationError):
        account_services.user_active_set(user=admin_user, active=False, acting_user=admin_user)
    with pytest.raises(ApplicationError):
        commerce_services.coupon_create(code="bad code!", created_by=admin_user)
    assert not AuditEntry.objects.exists()


def test_a_service_rolled_back_after_recording_leaves_no_entry(admin_user):
    person = StudentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        account_services.user_role_set(user=person, role=Role.ADMIN, acting_user=admin_user)
        assert AuditEntry.objects.count() == 1
        raise RuntimeError("a later step failed")
    assert not AuditEntry.objects.exists()
    person.refresh_from_db()
    assert person.role == Role.STUDENT


def test_a_batch_of_coupons_that_fails_midway_writes_no_entry(admin_user, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database gone")

    from lms.commerce.services import coupons

    monkeypatch.setattr(coupons, "audit_record", lambda **kwargs: fail())
    with pytest.raises(RuntimeError):
        commerce_services.coupon_batch_generate(count=2, batch="X", created_by=admin_user)
    assert not Coupon.objects.exists() and not AuditEntry.objects.exists()


# --- audit_record itself -------------------------------------------------------------------


def test_audit_record_keeps_the_client_address_of_the_request_passed(admin_user, settings):
    settings.LMS_TRUSTED_PROXIES = 0
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    with transaction.atomic():
        entry = audit_record(
            actor=admin_user,
            action="points.adjust",
            target=admin_user,
            changes={"points": [10, 25], "when": Decimal("1.5")},
            request=request,
        )
    entry.refresh_from_db()
    assert entry.client_address == "203.0.113.7"
    assert entry.changes == {"points": [10, 25], "when": "1.5"}


def test_audit_record_outside_a_transaction_is_refused(admin_user, django_db_blocker):
    # pytest-django wraps each test in a transaction; leave it to check the guard.
    from django.db import connection

    atomic, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        with pytest.raises(RuntimeError, match="inside the transaction"):
            audit_record(actor=admin_user, action="x", target=None)
    finally:
        connection.in_atomic_block = atomic
