"""A person's profile fields and onboarding."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.profile_files import (
    FILE_FIELDS,
    profile_upload_count,
    replaced_files_delete_on_commit,
    stored_file_names,
)
from lms.core.errors import ApplicationError, validation_error_fields

PROFILE_FIELDS = {
    "full_name",
    "phone",
    "photo",
    "college",
    "domain",
    "branch",
    "year",
    "skills",
    "resume",
    "timezone",
    "preferred_language",
}


@transaction.atomic
def user_profile_update(*, user: User, **changes) -> User:
    """Change a person's own profile fields; anything else is refused. New files count
    against LMS_PROFILE_UPLOADS_PER_HOUR; files replaced or cleared leave storage on commit."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    profile_upload_count(
        user_id=user.pk, uploads=sum(1 for f in FILE_FIELDS if changes.get(f) is not None)
    )
    files_before = stored_file_names(user)
    for field, value in changes.items():
        setattr(user, field, value)
    try:
        user.full_clean(exclude=["password", "email"])
    except ValidationError as error:
        user.refresh_from_db(fields=list(changes))  # leave the caller's object as stored
        raise ApplicationError(
            _("Check the highlighted fields."), fields=validation_error_fields(error)
        ) from error
    user.save(update_fields=list(changes))
    replaced_files_delete_on_commit(user=user, before=files_before)
    return user


@transaction.atomic
def user_onboard(
    *, user: User, domain: str, branch: str, year: int | None, college: str, phone: str = ""
) -> User:
    """Record what a new student's profile was missing and mark onboarding done."""
    user_profile_update(
        user=user, domain=domain, branch=branch, year=year, college=college, phone=phone
    )
    user.onboarded_at = timezone.now()
    user.save(update_fields=["onboarded_at"])
    return user
