"""What admins do to other people's accounts: create them, correct the email, set the role
and the active flag, delete them (and the removal "Delete my account" shares)."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from lms.accounts.models import CohortMembership, Role, User
from lms.accounts.permissions import is_admin
from lms.accounts.services.passwords import _validate_password, refresh_tokens_revoke
from lms.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
    validation_error_fields,
)

EMAIL_TAKEN_MESSAGE = _("An account with this email already exists. Log in or reset your password.")
NOT_YOURSELF_DISABLE = _("You cannot disable your own account.")
NOT_YOURSELF_DEMOTE = _("You cannot take the admin role away from yourself.")


@transaction.atomic
def user_active_set(*, user: User, active: bool, acting_user: User) -> User:
    """Disable or enable one account. A disabled person's app sign-ins are revoked; nobody
    disables their own account."""
    if not active and user.pk == acting_user.pk:
        raise ApplicationError(
            NOT_YOURSELF_DISABLE, code="not_yourself", fields={"is_active": [NOT_YOURSELF_DISABLE]}
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        refresh_tokens_revoke(user_ids=[user.pk])
    return user


@transaction.atomic
def user_role_set(*, user: User, role: str, acting_user: User) -> User:
    """Give one person a role (console access follows it). An admin cannot take the admin
    role away from themselves, so there is always someone who can give it back."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role: %s") % role, fields={"role": [_("Unknown role.")]})
    if user.pk == acting_user.pk and user.role == Role.ADMIN and role != Role.ADMIN:
        raise ApplicationError(
            NOT_YOURSELF_DEMOTE, code="not_yourself", fields={"role": [NOT_YOURSELF_DEMOTE]}
        )
    user.role = role
    user.save(update_fields=["role"])
    return user


@transaction.atomic
def users_set_active(*, user_ids: list[int], active: bool, acting_user: User) -> int:
    """`user_active_set` for many people; the acting admin is left out of a disable."""
    users = User.objects.filter(pk__in=user_ids)
    if not active:
        users = users.exclude(pk=acting_user.pk)
    changed = 0
    for user in users.select_for_update():
        user_active_set(user=user, active=active, acting_user=acting_user)
        changed += 1
    return changed


@transaction.atomic
def users_change_role(*, user_ids: list[int], role: str, acting_user: User) -> int:
    """`user_role_set` for many people; the acting admin is left out of a demotion."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role: %s") % role)
    queryset = User.objects.filter(pk__in=user_ids)
    if role != Role.ADMIN:
        queryset = queryset.exclude(pk=acting_user.pk)
    changed = 0
    for user in queryset.select_for_update():
        user_role_set(user=user, role=role, acting_user=acting_user)
        changed += 1
    return changed


# --- Creating and removing accounts ---------------------------------------------------------

NOT_YOURSELF_DELETE = _("You cannot delete your own account here: use “Delete my account”.")
DELETED = "deleted"
ANONYMIZED = "anonymized"
PERSONAL_FIELDS = {
    "full_name": "",
    "phone": "",
    "photo": "",
    "resume": "",
    "college": "",
    "domain": "",
    "branch": "",
    "year": None,
    "skills": [],
}


def _email_normalize(email: str) -> str:
    return User.objects.normalize_email(email or "").strip().lower()


def _email_free_check(email: str, *, user: User | None = None) -> None:
    taken = User.objects.filter(email__iexact=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ConflictError(
            EMAIL_TAKEN_MESSAGE, code="email_taken", fields={"email": [EMAIL_TAKEN_MESSAGE]}
        )


def _full_clean(user: User, *, exclude: list[str]) -> None:
    try:
        user.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ApplicationError(
            _("Check the highlighted fields."), fields=validation_error_fields(error)
        ) from error


@transaction.atomic
def user_create(*, email: str, full_name: str, role: str, password: str, acting_user: User) -> User:
    """An account an admin creates for someone: the email normalized and free whatever its
    case, the password as strong as a sign-up's (the same validators), the role known. The
    admin vouches for the address, so it counts as verified and no email is sent."""
    if not is_admin(acting_user):
        raise PermissionDeniedError(_("Only admins create accounts."))
    if role not in Role.values:
        raise ApplicationError(_("Unknown role: %s") % role, fields={"role": [_("Unknown role.")]})
    email = _email_normalize(email)
    user = User(email=email, full_name=(full_name or "").strip(), role=role)
    _email_free_check(email)  # first: its sentence says more than the model's
    _validate_password(password, user)
    _full_clean(user, exclude=["password"])
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same address stored by a simultaneous request
        raise ConflictError(
            EMAIL_TAKEN_MESSAGE, code="email_taken", fields={"email": [EMAIL_TAKEN_MESSAGE]}
        ) from error
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


@transaction.atomic
def user_email_set(*, user: User, email: str, acting_user: User) -> User:
    """An admin corrects someone's sign-in address: normalized, free whatever its case, and
    verified (the admin vouches for it); it becomes the person's primary address."""
    if not is_admin(acting_user):
        raise PermissionDeniedError(_("Only admins change someone's email."))
    email = _email_normalize(email)
    _email_free_check(email, user=user)
    user.email = email
    _full_clean(user, exclude=["password"])
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email__iexact=email, defaults={"email": email, "primary": True, "verified": True}
    )
    return user


def last_admin_check(*, user: User) -> None:
    """Refuse to remove the only active admin (who can only be removed by themselves, with
    "Delete my account"): someone must be left to give the role."""
    if (
        user.role == Role.ADMIN
        and not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ApplicationError(
            _("You are the only admin: make someone else an admin first."), code="last_admin"
        )


def account_remove(*, user: User) -> str:
    """Delete an account, or anonymize it where the database protects rows that name the
    person (orders and payments, kept for the academy's accounts): every personal field,
    file, email address, social sign-in and group membership is erased and the account
    disabled, so those rows no longer point to anyone. App sign-ins are revoked either way.
    The one rule behind "Delete my account" and an admin's delete. Returns which it was."""
    files = [f for f in (user.photo, user.resume) if f]
    refresh_tokens_revoke(user_ids=[user.pk])
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).delete()
        outcome = DELETED
    except (ProtectedError, RestrictedError):
        _anonymize(user)
        outcome = ANONYMIZED
    for stored in files:
        transaction.on_commit(lambda f=stored: f.storage.delete(f.name))
    return outcome


def _anonymize(user: User) -> None:
    from allauth.socialaccount.models import SocialAccount

    for name, value in PERSONAL_FIELDS.items():
        setattr(user, name, value)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    CohortMembership.objects.filter(user=user).delete()


def user_is_kept_on_delete(*, user: User) -> bool:
    """Whether deleting this account would anonymize it (rows the academy keeps name it)
    rather than delete it: what the console's confirmation page says before it happens."""
    try:
        Collector(using=router.db_for_write(User)).collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


@transaction.atomic
def user_delete(*, user: User, acting_user: User) -> str:
    """An admin deletes someone's account, with the outcome of "Delete my account"
    (`account_remove`: deleted, or anonymized and disabled when orders name the person).
    Nobody deletes themselves here, so the acting admin always remains an admin."""
    if not is_admin(acting_user):
        raise PermissionDeniedError(_("Only admins delete accounts."))
    if user.pk == acting_user.pk:
        raise ApplicationError(NOT_YOURSELF_DELETE, code="not_yourself")
    return account_remove(user=user)


@transaction.atomic
def users_delete(*, user_ids: list[int], acting_user: User) -> dict[str, int]:
    """`user_delete` for many people, all or none: a selection holding the acting admin is
    refused as a whole. Returns how many were deleted and how many anonymized."""
    outcomes = {DELETED: 0, ANONYMIZED: 0}
    for user in User.objects.filter(pk__in=user_ids).select_for_update().order_by("pk"):
        outcomes[user_delete(user=user, acting_user=acting_user)] += 1
    return outcomes
