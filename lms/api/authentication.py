"""Who is signed in to the API, by a JWT or the browser's session. The one rule for an
account whose email address is not verified yet lives here: it is signed in as nobody.

Such a person reaches what a guest reaches (the public catalog, certificate checks, and the
sign-in endpoints, verification and its resend among them, which use no authentication);
everything that needs a signed-in person answers 403 `email_unverified` instead of 401
(`lms.api.errors`), so a client knows to send them to verify rather than to sign in. The
token endpoint already refuses them; this covers the session the web app signs them in
with, and a token issued before its address stopped being verified."""

from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from lms.accounts.models import User
from lms.accounts.selectors import user_has_verified_email, user_with_email_state_get
from lms.core.errors import PermissionDeniedError

# Set on the Django request when an unverified account was turned away, for the error.
UNVERIFIED_ATTRIBUTE = "api_email_unverified"


class VerifiedEmailRequired:
    """Mixed into an authentication class: its answer stands only for a verified account."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        # Kept on the person for the rest of the request (the profile's `email_verified`,
        # the checkout's own check): one query at most, none for a token.
        user.has_verified_email = verified = user_has_verified_email(user=user)
        if not verified:
            setattr(request._request, UNVERIFIED_ATTRIBUTE, True)
            return None
        return result


class SessionAuthentication(VerifiedEmailRequired, authentication.SessionAuthentication):
    """DRF's session authentication (CSRF enforced first, as before) for verified accounts."""


class JwtAuthentication(VerifiedEmailRequired, JWTAuthentication):
    """simplejwt's, loading the person and whether their email is verified in one query."""

    def get_user(self, validated_token) -> User:
        # simplejwt's lookup and checks, with its codes; its default messages.
        if api_settings.USER_ID_CLAIM not in validated_token:
            raise InvalidToken()
        user = user_with_email_state_get(user_id=validated_token[api_settings.USER_ID_CLAIM])
        if user is None:
            raise AuthenticationFailed(code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(code="password_changed")
        return user


def email_unverified_refusal(request) -> PermissionDeniedError | None:
    """What to answer instead of "not signed in" when the person was an unverified account."""
    if request is None or not getattr(request, UNVERIFIED_ATTRIBUTE, False):
        return None
    return PermissionDeniedError(
        _("Verify your email address first: use the link or the code we emailed you."),
        code="email_unverified",
    )
