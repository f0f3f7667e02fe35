"""Groups (cohorts) and their members."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.events import CohortMembershipChanged
from lms.accounts.models import Cohort, CohortMembership, User
from lms.core.errors import ApplicationError, ConflictError, validation_error_fields
from lms.core.events import publish


@transaction.atomic
def cohort_save(*, cohort: Cohort) -> Cohort:
    """Store a group whose fields a validated form set (the console): its name trimmed and
    free, whatever the case ("Batch A" and "batch a" would be the same group to people)."""
    cohort.name = (cohort.name or "").strip()
    try:
        cohort.full_clean(validate_unique=False)
    except ValidationError as error:
        raise ApplicationError(
            _("Check the highlighted fields."), fields=validation_error_fields(error)
        ) from error
    if Cohort.objects.filter(name__iexact=cohort.name).exclude(pk=cohort.pk).exists():
        taken = _("A group with this name already exists.")
        raise ConflictError(taken, code="name_taken", fields={"name": [taken]})
    cohort.save()
    return cohort


@transaction.atomic
def cohort_remove_members(*, cohort: Cohort, user_ids: list[int]) -> int:
    """Take people out of a group; returns how many were in it."""
    leaving = cohort.memberships.filter(user_id__in=user_ids)
    leaving_ids = tuple(sorted(leaving.values_list("user_id", flat=True)))
    removed, _details = leaving.delete()
    if leaving_ids:
        publish(CohortMembershipChanged(cohort_id=cohort.pk, removed_user_ids=leaving_ids))
    return removed


@transaction.atomic
def cohort_add_members(*, cohort: Cohort, user_ids: list[int]) -> int:
    """Add people to a group; those already in it are left as they are."""
    existing = set(
        cohort.memberships.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    new_ids = [
        pk
        for pk in User.objects.filter(pk__in=user_ids).values_list("pk", flat=True)
        if pk not in existing
    ]
    CohortMembership.objects.bulk_create(
        [CohortMembership(cohort=cohort, user_id=pk) for pk in new_ids], ignore_conflicts=True
    )
    if new_ids:
        publish(CohortMembershipChanged(cohort_id=cohort.pk, added_user_ids=tuple(new_ids)))
    return len(new_ids)


@transaction.atomic
def cohorts_add_members(*, members_by_cohort: dict[int, list[int]]) -> int:
    """`cohort_add_members` for many groups at once, in a fixed number of queries (the people
    importer's batches): people already in a group are left as they are, and each group that
    gained someone publishes CohortMembershipChanged (its group chat follows). Returns how
    many memberships were added."""
    wanted = {(cohort_id, pk) for cohort_id, pks in members_by_cohort.items() for pk in pks}
    if not wanted:
        return 0
    existing = set(
        CohortMembership.objects.filter(
            cohort_id__in={cohort_id for cohort_id, _pk in wanted},
            user_id__in={pk for _cohort_id, pk in wanted},
        ).values_list("cohort_id", "user_id")
    )
    new = sorted(wanted - existing)
    CohortMembership.objects.bulk_create(
        [CohortMembership(cohort_id=cohort_id, user_id=pk) for cohort_id, pk in new],
        ignore_conflicts=True,
    )
    added: dict[int, list[int]] = defaultdict(list)
    for cohort_id, pk in new:
        added[cohort_id].append(pk)
    for cohort_id, pks in added.items():
        publish(CohortMembershipChanged(cohort_id=cohort_id, added_user_ids=tuple(pks)))
    return len(new)


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> int:
    """Delete a group: its memberships go with it, the people and their accounts stay (so
    do meetings and assignments that named the group; they no longer reach its members
    through it). Returns how many people were in it."""
    member_ids = tuple(cohort.memberships.values_list("user_id", flat=True))
    cohort_id = cohort.pk
    cohort.delete()
    if member_ids:  # everyone left it: their chat and dashboards follow
        publish(CohortMembershipChanged(cohort_id=cohort_id, removed_user_ids=member_ids))
    return len(member_ids)


@transaction.atomic
def cohorts_delete(*, cohort_ids: list[int]) -> int:
    """`cohort_delete` for many groups; returns how many groups were deleted."""
    cohorts = list(Cohort.objects.filter(pk__in=cohort_ids).select_for_update())
    for cohort in cohorts:
        cohort_delete(cohort=cohort)
    return len(cohorts)
