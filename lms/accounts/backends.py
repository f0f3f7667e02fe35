"""The password check every sign-in goes through (API tokens, allauth's pages, the console
login): counted failures per account and per address, and a bounded number of password
hashes computed at once."""

import threading
from contextlib import contextmanager

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lms.accounts import limits
from lms.core.client_address import client_address

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


@contextmanager
def password_check_slot():
    """At most LMS_PASSWORD_CHECKS_AT_ONCE Argon2 checks run at once in this process; the
    others wait (without using CPU), so a burst of sign-ins leaves cores for cheap pages."""
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, settings.LMS_PASSWORD_CHECKS_AT_ONCE))
    with _slots:
        yield


class SignInRefused(PermissionDenied):
    """Too many failed sign-ins for this account (`account`) or from this address."""

    def __init__(self, reason: str, seconds: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


def _login(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


class SignInBackend(AuthenticationBackend):
    """allauth's email backend (primary and secondary addresses, permissions of Django's
    ModelBackend), with the sign-in limits around the password check.

    Before the check, one unit is taken from the account's and the address's failure
    budgets; a correct password gives both back. So only failures count, a classmate's
    success never costs anyone anything, and concurrent guesses cannot overshoot. A wrong
    password raises PermissionDenied, so Django tries no other backend with it; a refused
    attempt does too and leaves `request.sign_in_refused` for the face to answer 429."""

    def authenticate(self, request: HttpRequest | None, **credentials):
        login = _login(credentials)
        if request is None or not credentials.get("password") or not login:
            return super().authenticate(request, **credentials)
        account = limits.signin_failures_per_account()
        address = limits.signin_failures_per_address()
        taken = limits.limit_take(limit=account, key=login)
        if taken is None:
            self._refuse(request, "account", account)
        from_address = limits.limit_take(limit=address, key=client_address(request))
        if from_address is None:
            limits.limit_give_back(taken=taken)
            self._refuse(request, "address", address)
        with password_check_slot():
            user = super().authenticate(request, **credentials)
        if user is None:
            # Wrong: stop here, so that no other backend checks the same password again.
            raise PermissionDenied("wrong credentials")
        limits.limit_give_back(taken=taken)
        limits.limit_give_back(taken=from_address)
        return user

    def get_user(self, user_id):
        """The signed-in person of a session, with whether they have a verified email (what
        the student app's door checks on every page) in the same query."""
        from lms.accounts.selectors import user_with_email_state_get

        user = user_with_email_state_get(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _refuse(request: HttpRequest, reason: str, limit: limits.Limit):
        refusal = SignInRefused(reason, limits.limit_seconds_left(limit=limit))
        request.sign_in_refused = refusal
        raise refusal


def signin_failures_clear(*, email: str) -> None:
    """Lift an account's lockout: its owner proved who they are (a password reset)."""
    limits.limit_clear(limit=limits.signin_failures_per_account(), key=email)
