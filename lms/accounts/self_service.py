"""What a person does to their own account beyond the profile: sign out everywhere, delete
the account, and the read behind "this confirmation link was already used"."""

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.services import (
    ANONYMIZED,
    DELETED,
    account_remove,
    last_admin_check,
    refresh_tokens_revoke,
)
from lms.core.errors import ApplicationError

__all__ = ["ANONYMIZED", "DELETED", "user_account_delete", "user_sign_out_everywhere"]


def user_sign_out_everywhere(*, user: User, request: HttpRequest) -> int:
    """Revoke every refresh token the person holds, so each app must sign in again (access
    tokens die within their short lifetime), and end every browser session they signed in
    with (allauth's user sessions), this one included. Returns the tokens revoked."""
    from allauth.usersessions.internal.flows.sessions import end_sessions
    from allauth.usersessions.models import UserSession

    revoked = refresh_tokens_revoke(user_ids=[user.pk])
    end_sessions(request, list(UserSession.objects.filter(user_id=user.pk)))
    return revoked


@transaction.atomic
def user_account_delete(*, user: User, password: str = "", email: str = "") -> str:
    """Delete one's own account, proven by the password (or, for an account without one,
    by typing its email). Where the database protects rows that name the person (orders and
    payments, kept for the academy's accounts), the account is anonymized instead
    (`account_remove`, which an admin's delete shares). Returns which it was."""
    if user.has_usable_password():
        proven = user.check_password(password)
    else:
        proven = email.strip().lower() == user.email.lower()
    if not proven:
        message = (
            _("That is not your password.")
            if user.has_usable_password()
            else _("Type your email address exactly.")
        )
        field = "password" if user.has_usable_password() else "email"
        raise ApplicationError(message, code="not_confirmed", fields={field: [message]})
    last_admin_check(user=user)
    return account_remove(user=user)


def email_confirmation_key_used(*, key: str) -> bool:
    """True when a genuine confirmation link's address is already verified (a second click)."""
    try:
        pk = signing.loads(key, salt=allauth_settings.SALT)
    except signing.BadSignature:
        return False
    return EmailAddress.objects.filter(pk=pk, verified=True).exists()
