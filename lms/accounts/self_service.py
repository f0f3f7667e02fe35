"""What a person does to their own account beyond the profile: sign out everywhere, delete
the account, and the read behind "this confirmation link was already used"."""

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lms.accounts.models import CohortMembership, Role, User
from lms.accounts.services import refresh_tokens_revoke
from lms.core.errors import ApplicationError

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
    payments, kept for the academy's accounts), the account is anonymized instead: every
    personal field, file, email address, social sign-in and group membership is erased and
    the account disabled, so those rows no longer point to anyone. Returns which it was."""
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
    if (
        user.role == Role.ADMIN
        and not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ApplicationError(
            _("You are the only admin: make someone else an admin first."), code="last_admin"
        )
    files = [f for f in (user.photo, user.resume) if f]
    refresh_tokens_revoke(user_ids=[user.pk])
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).delete()
        outcome = DELETED
    except ProtectedError:
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


def email_confirmation_key_used(*, key: str) -> bool:
    """True when a genuine confirmation link's address is already verified (a second click)."""
    try:
        pk = signing.loads(key, salt=allauth_settings.SALT)
    except signing.BadSignature:
        return False
    return EmailAddress.objects.filter(pk=pk, verified=True).exists()
