"""Passwords and app sign-ins: setting and changing a password, revoking refresh tokens,
and the password reset of API clients (browsers use allauth's pages, which share the token)."""

import hashlib

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lms.accounts import limits
from lms.accounts.backends import signin_failures_clear
from lms.accounts.models import User
from lms.core.client_address import client_address
from lms.core.errors import ApplicationError


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


@transaction.atomic
def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        message = _("Your current password is not correct.")
        raise ApplicationError(
            message, code="wrong_password", fields={"current_password": [message]}
        )
    _validate_password(new_password, user, field="new_password")
    user_password_set(user=user, password=new_password)


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
