"""The one-time link that creates the first admin."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import FirstAdminInvitation, Role, User
from lms.accounts.services.administration import EMAIL_TAKEN_MESSAGE
from lms.accounts.services.passwords import _hash, _validate_password
from lms.core.errors import ApplicationError, ConflictError


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
