"""Groups (cohorts) and their members."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, CohortMembership, User
from lms.core.errors import ApplicationError, ConflictError, validation_error_fields


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
    removed, _details = cohort.memberships.filter(user_id__in=user_ids).delete()
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
    return len(new_ids)


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> int:
    """Delete a group: its memberships go with it, the people and their accounts stay (so
    do meetings and assignments that named the group; they no longer reach its members
    through it). Returns how many people were in it."""
    members = cohort.memberships.count()
    cohort.delete()
    return members


@transaction.atomic
def cohorts_delete(*, cohort_ids: list[int]) -> int:
    """`cohort_delete` for many groups; returns how many groups were deleted."""
    cohorts = list(Cohort.objects.filter(pk__in=cohort_ids).select_for_update())
    for cohort in cohorts:
        cohort_delete(cohort=cohort)
    return len(cohorts)
