"""Registration and email verification (API and web)."""

import hmac
import secrets
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import limits
from lms.accounts.models import EmailVerificationCode, Role, User
from lms.accounts.services.passwords import _hash, _validate_password
from lms.core.client_address import client_address
from lms.core.errors import ApplicationError, validation_error_fields

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
