"""Manual adjustments by admins: a row of the ledger like any other (so totals stay sums),
with who made it and why. The adjustments list in the console is these rows."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin
from lms.audit.services import audit_record
from lms.catalog.models import Course
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.gamification.models import PointsEntry, SourceKind
from lms.gamification.services.ledger import ledger_add

MAX_ABS_POINTS = 1_000_000


def _validate(*, points: int, reason: str, by: User) -> str:
    if not is_admin(by):
        raise PermissionDeniedError(_("Only admins can adjust points."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give a reason for the adjustment."), fields={"reason": [_("A reason is required.")]}
        )
    if len(reason) > 255:
        raise ApplicationError(
            _("Keep the reason under 255 characters."),
            fields={"reason": [_("Too long.")]},
        )
    if not isinstance(points, int) or points == 0 or abs(points) > MAX_ABS_POINTS:
        raise ApplicationError(
            _("Points must be a whole number other than zero (at most a million either way)."),
            fields={"points": [_("Not a valid adjustment.")]},
        )
    return reason


@transaction.atomic
def points_adjust(
    *, user: User, points: int, reason: str, by: User, course: Course | None = None
) -> PointsEntry:
    """Add (or, negative, take away) points by hand; shown in the person's history."""
    reason = _validate(points=points, reason=reason, by=by)
    entry = PointsEntry(
        user=user,
        source_kind=SourceKind.MANUAL,
        points=points,
        reason=reason,
        course=course,
        created_by=by,
    )
    ledger_add([entry])
    audit_record(
        actor=by,
        action="points.adjust",
        target=user,
        changes={"points": points, "reason": reason, "course": course and course.slug},
    )
    return entry


@transaction.atomic
def points_adjust_cohort(
    *, cohort: Cohort, points: int, reason: str, by: User, course: Course | None = None
) -> int:
    """The same adjustment for every current member of a group (a hackathon prize); one row
    each, marked with the group. Returns how many people it reached."""
    reason = _validate(points=points, reason=reason, by=by)
    member_ids = list(cohort.memberships.values_list("user_id", flat=True))
    if not member_ids:
        raise ApplicationError(_("This group has no members."))
    if len(member_ids) > settings.LMS_POINTS_BULK_MAX:
        raise ApplicationError(
            _("This group is larger than one adjustment may reach (%(max)s people).")
            % {"max": settings.LMS_POINTS_BULK_MAX}
        )
    ledger_add(
        [
            PointsEntry(
                user_id=user_id,
                source_kind=SourceKind.MANUAL,
                points=points,
                reason=reason,
                course=course,
                cohort=cohort,
                created_by=by,
            )
            for user_id in sorted(member_ids)
        ]
    )
    audit_record(
        actor=by,
        action="points.adjust_group",
        target=cohort,
        changes={"points": points, "reason": reason, "people": len(member_ids)},
    )
    return len(member_ids)
