"""Writes for people, groups and sign-in. Every function is one transaction."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import limits
from lms.accounts.backends import signin_failures_clear
from lms.accounts.events import CohortMembershipChanged
from lms.accounts.models import (
    Cohort,
    CohortMembership,
    EmailVerificationCode,
    FirstAdminInvitation,
    Role,
    User,
)
from lms.accounts.profile_files import (
    FILE_FIELDS,
    profile_upload_count,
    replaced_files_delete_on_commit,
    stored_file_names,
)
from lms.core.client_address import client_address
from lms.core.errors import ApplicationError, ConflictError, validation_error_fields
from lms.core.events import publish

EMAIL_TAKEN_MESSAGE = _("An account with this email already exists. Log in or reset your password.")
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


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _validate_password(password: str, user: User, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(
            _("Choose a stronger password."),
            code="weak_password",
            fields={field: list(error.messages)},
        ) from error


def refresh_tokens_revoke(*, user_ids: list[int]) -> int:
    """Blacklist every refresh token these people hold, so apps signed in elsewhere must
    sign in again (after a password change or reset, or when an account is disabled)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    live = OutstandingToken.objects.filter(user_id__in=user_ids, blacklistedtoken__isnull=True)
    return len(
        BlacklistedToken.objects.bulk_create(
            [BlacklistedToken(token=t) for t in live], ignore_conflicts=True
        )
    )


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """Store a new (already validated) password and sign the person out of every app."""
    user.set_password(password)
    user.save(update_fields=["password"])
    refresh_tokens_revoke(user_ids=[user.pk])
    # Whoever sets a password proved they own the account (signed in, or the reset link
    # from its mailbox): a lockout from others' wrong guesses ends here.
    for address in {user.email, *user.emailaddress_set.values_list("email", flat=True)}:
        signin_failures_clear(email=address)


# --- Registration and email verification ---------------------------------------------------


TOO_MANY_SIGNUPS_MESSAGE = _(
    "Too many new accounts from your network right now. Please try again later."
)


def signup_limit_take(*, request: HttpRequest) -> list[limits.Taken]:
    """Count one sign-up against the address's hourly and daily budgets (API and web), or
    refuse with a 429 when either is spent."""
    address = client_address(request)
    taken = limits.limit_take_all(
        limits=[
            (limits.signups_per_address_hour(), address),
            (limits.signups_per_address_day(), address),
        ]
    )
    if taken is None:
        raise ApplicationError(TOO_MANY_SIGNUPS_MESSAGE, code="too_many_signups", status=429)
    return taken


def user_register(*, email: str, password: str, full_name: str, request: HttpRequest) -> None:
    """Create a student whose email is not yet verified and send the verification email
    (a link for browsers and a short code for apps). When the email already has an
    account, nothing is created and its owner is emailed instead: the caller cannot tell
    the two cases apart. A weak password is a 400 and creates nothing. Counted against the
    address's sign-up limits."""
    taken = signup_limit_take(request=request)
    try:
        _user_register(email=email, password=password, full_name=full_name, request=request)
    except ApplicationError:
        for unit in taken:
            limits.limit_give_back(taken=unit)
        raise


@transaction.atomic
def _user_register(*, email: str, password: str, full_name: str, request: HttpRequest) -> None:
    email = User.objects.normalize_email(email).strip().lower()
    user = User(email=email, full_name=full_name.strip(), role=Role.STUDENT)
    _validate_password(password, user)
    # Hashed in both cases, so the answer takes as long for a taken email as for a new one.
    user.set_password(password)
    if User.objects.filter(email__iexact=email).exists():
        _account_exists_notify(email=email, request=request)
        return
    try:
        user.full_clean(exclude=["password"])
        with transaction.atomic():
            user.save()
    except ValidationError as error:
        raise ApplicationError(
            _("Check the highlighted fields."), fields=validation_error_fields(error)
        ) from error
    except IntegrityError:  # a simultaneous registration won the race
        _account_exists_notify(email=email, request=request)
        return
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    send_verification_email_to_address(request, address, signup=True)


def _account_exists_notify(*, email: str, request: HttpRequest) -> None:
    """allauth's "someone tried to sign up with your address" email, with links to sign in
    and to reset the password."""
    from allauth.core import context

    with context.request_context(request):
        get_adapter(request).send_account_already_exists_mail(email)


@transaction.atomic
def email_verification_code_issue(*, email_address: EmailAddress) -> str:
    """A fresh six-digit code for this address, replacing any earlier one."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    EmailVerificationCode.objects.update_or_create(
        email_address=email_address,
        defaults={
            "code_hash": _hash(f"{email_address.pk}:{code}"),
            "expires_at": timezone.now() + timedelta(minutes=settings.LMS_EMAIL_CODE_MINUTES),
            "failed_attempts": 0,
        },
    )
    return code


INVALID_CODE_MESSAGE = _("This code is wrong or has expired. Ask for a new email and try again.")


def email_verify_with_code(*, email: str, code: str, request: HttpRequest) -> EmailAddress:
    """Verify an address with the emailed code. Wrong tries are counted and the code dies
    after LMS_EMAIL_CODE_MAX_ATTEMPTS of them; the message never says which part was wrong.
    Wrong codes also count per client address (any accounts), so a script cannot guess
    across many fresh accounts; right codes cost nothing."""
    taken = limits.limit_take(
        limit=limits.email_code_failures_per_address(), key=client_address(request)
    )
    if taken is None:
        raise ApplicationError(
            _("Too many wrong codes from your network. Please try again later."),
            code="too_many_attempts",
            status=429,
        )
    address = _email_code_check(email=email, code=code, request=request)
    if address is None:
        raise ApplicationError(
            INVALID_CODE_MESSAGE, code="invalid_code", fields={"code": [INVALID_CODE_MESSAGE]}
        )
    limits.limit_give_back(taken=taken)
    return address


def _email_code_check(*, email: str, code: str, request: HttpRequest) -> EmailAddress | None:
    with transaction.atomic():
        record = (
            EmailVerificationCode.objects.select_for_update()
            .select_related("email_address__user")
            .filter(email_address__email__iexact=email.strip())
            .first()
        )
        usable = (
            record is not None
            and record.expires_at > timezone.now()
            and record.failed_attempts < settings.LMS_EMAIL_CODE_MAX_ATTEMPTS
        )
        if usable and hmac.compare_digest(
            record.code_hash, _hash(f"{record.email_address_id}:{code.strip()}")
        ):
            address = record.email_address
            record.delete()
            if not address.verified:
                get_adapter(request).confirm_email(request, address)
            return address
        if record is not None:
            record.failed_attempts += 1
            record.save(update_fields=["failed_attempts"])
    return None


@transaction.atomic
def email_verify_with_key(*, key: str, request: HttpRequest) -> EmailAddress:
    """Verify an address with the key from the emailed link (the same key the browser uses)."""
    confirmation = EmailConfirmationHMAC.from_key(key) or EmailConfirmation.from_key(key)
    if confirmation is None:
        raise ApplicationError(
            INVALID_CODE_MESSAGE, code="invalid_key", fields={"key": [INVALID_CODE_MESSAGE]}
        )
    address = confirmation.email_address
    if not address.verified:
        confirmation.confirm(request)
    EmailVerificationCode.objects.filter(email_address=address).delete()
    return address


def email_verification_resend(*, email: str, request: HttpRequest) -> None:
    """Send the verification email again when the address exists and is unverified. Says
    nothing either way, so nobody learns which addresses have accounts."""
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=False)
        .select_related("user")
        .first()
    )
    if address is not None:
        send_verification_email_to_address(request, address)


# --- Profile -----------------------------------------------------------------------------


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


@transaction.atomic
def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        message = _("Your current password is not correct.")
        raise ApplicationError(
            message, code="wrong_password", fields={"current_password": [message]}
        )
    _validate_password(new_password, user, field="new_password")
    user_password_set(user=user, password=new_password)


# --- Administration ----------------------------------------------------------------------


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


# --- First admin -------------------------------------------------------------------------


@transaction.atomic
def first_admin_invitation_create() -> str:
    """A new one-time token for creating the first admin; earlier unused ones stop working."""
    FirstAdminInvitation.objects.filter(used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    FirstAdminInvitation.objects.create(
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(hours=settings.LMS_FIRST_ADMIN_LINK_HOURS),
    )
    return token


def first_admin_invitation_valid(*, token: str) -> bool:
    return (
        FirstAdminInvitation.objects.filter(
            token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
        ).exists()
        and not User.objects.filter(role=Role.ADMIN).exists()
    )


def first_admin_create(*, token: str, email: str, full_name: str, password: str) -> User:
    """Create the first admin with a verified email. The token works once: it is consumed
    under a row lock, so two people opening the same link cannot both succeed."""
    with transaction.atomic():
        invitation = (
            FirstAdminInvitation.objects.select_for_update()
            .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if invitation is None or User.objects.filter(role=Role.ADMIN).exists():
            raise ApplicationError(
                _("This setup link has expired or was already used."),
                code="invalid_link",
                status=410,
            )
        email = User.objects.normalize_email(email).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ConflictError(
                EMAIL_TAKEN_MESSAGE, code="email_taken", fields={"email": [EMAIL_TAKEN_MESSAGE]}
            )
        user = User(
            email=email, full_name=full_name.strip(), role=Role.ADMIN, onboarded_at=timezone.now()
        )
        _validate_password(password, user)
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return user


# --- Password reset (API clients; browsers use allauth's pages, which share the token) ----

INVALID_RESET_MESSAGE = _("This password reset link is invalid or has expired. Ask for a new one.")


def password_reset_request(*, email: str, request: HttpRequest) -> None:
    """Email a reset link when the address has an account. Says nothing either way, and
    sends nothing past the limits (password_reset_allowed)."""
    from lms.accounts.signup_forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


def password_reset_allowed(*, email: str, request: HttpRequest) -> bool:
    """Count one reset email to `email` (a few an hour, so nobody's mailbox is flooded)
    and one request from this client address (so nobody mails the whole school)."""
    return (
        limits.limit_take_all(
            limits=[
                (limits.password_resets_per_email(), email),
                (limits.password_resets_per_address(), client_address(request)),
            ]
        )
        is not None
    )


@transaction.atomic
def password_reset_confirm(*, key: str, new_password: str) -> User:
    """Set a new password with the key from the reset link ("<uid>-<token>")."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import url_str_to_user_pk

    uid, _sep, token = key.partition("-")
    try:
        user = User.objects.select_for_update().get(pk=url_str_to_user_pk(uid), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise ApplicationError(
            INVALID_RESET_MESSAGE, code="invalid_key", fields={"key": [INVALID_RESET_MESSAGE]}
        )
    _validate_password(new_password, user, field="new_password")
    user_password_set(user=user, password=new_password)
    return user
