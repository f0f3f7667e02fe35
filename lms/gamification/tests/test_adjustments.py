"""Manual adjustments: admins only, a reason required, shown in the history."""

import pytest

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.gamification import selectors, services
from lms.gamification.leaderboard import total_points
from lms.gamification.models import PointsEntry

pytestmark = pytest.mark.django_db


def test_adjustment_is_a_ledger_row_with_who_and_why(student, admin_user):
    services.points_adjust(user=student, points=25, reason="Helped a classmate", by=admin_user)
    services.points_adjust(user=student, points=-5, reason="Late badge", by=admin_user)
    assert total_points(user=student) == 20
    history = list(selectors.points_history(user=student))
    assert [(e.points, e.reason, e.created_by) for e in history] == [
        (-5, "Late badge", admin_user),
        (25, "Helped a classmate", admin_user),
    ]
    assert selectors.manual_adjustments().count() == 2


@pytest.mark.parametrize(("points", "reason"), [(10, ""), (10, "   "), (0, "Zero"), (10**7, "Big")])
def test_adjustment_needs_a_reason_and_a_sensible_number(student, admin_user, points, reason):
    with pytest.raises(ApplicationError):
        services.points_adjust(user=student, points=points, reason=reason, by=admin_user)
    assert not PointsEntry.objects.exists()


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_only_admins_adjust(student, role):
    by = StudentFactory() if role == "student" else InstructorFactory()
    with pytest.raises(PermissionDeniedError):
        services.points_adjust(user=student, points=10, reason="Because", by=by)


def test_cohort_adjustment_reaches_every_member_once(admin_user):
    cohort = CohortFactory()
    members = [StudentFactory() for _ in range(3)]
    for member in members:
        CohortMembership.objects.create(cohort=cohort, user=member)
    count = services.points_adjust_cohort(
        cohort=cohort, points=50, reason="Hackathon prize", by=admin_user
    )
    assert count == 3
    assert all(total_points(user=m) == 50 for m in members)
    assert set(PointsEntry.objects.values_list("cohort_id", flat=True)) == {cohort.pk}


def test_adjustments_are_in_the_audit_log(student, admin_user):
    from lms.audit.models import AuditEntry

    services.points_adjust(user=student, points=25, reason="Helped a classmate", by=admin_user)
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=student)
    services.points_adjust_cohort(cohort=cohort, points=5, reason="Prize", by=admin_user)
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.action, e.actor_id, e.changes["points"]) for e in entries] == [
        ("points.adjust", admin_user.pk, 25),
        ("points.adjust_group", admin_user.pk, 5),
    ]
    assert entries[0].changes["reason"] == "Helped a classmate"
    assert entries[1].changes["people"] == 1
