"""WebSocket sign-in for API clients: a JWT access token in the `token` query parameter.
Browsers use their session cookie (AuthMiddlewareStack) and need nothing else. And who may
keep a socket open: `socket_refusal`, the same door as the app's and the API's."""

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.models import User
from lms.accounts.selectors import user_has_verified_email

CLOSE_UNAUTHENTICATED = 4401
CLOSE_EMAIL_UNVERIFIED = 4403


async def socket_refusal(user) -> int | None:
    """The close code for a socket whose person may not have one: 4401 not signed in (or
    deactivated), 4403 email not verified (the app and the API refuse them too); None when
    allowed."""
    if user is None or not user.is_authenticated or not user.is_active:
        return CLOSE_UNAUTHENTICATED
    if not await database_sync_to_async(user_has_verified_email)(user=user):
        return CLOSE_EMAIL_UNVERIFIED
    return None


@database_sync_to_async
def user_from_access_token(raw_token: str):
    try:
        token = AccessToken(raw_token)
    except TokenError:
        return AnonymousUser()
    return User.objects.filter(pk=token.get("user_id"), is_active=True).first() or AnonymousUser()


class JwtAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            token = parse_qs(scope.get("query_string", b"").decode()).get("token", [""])[0]
            if token:
                scope = dict(scope, user=await user_from_access_token(token))
        return await super().__call__(scope, receive, send)
