"""The API's request-rate throttles: DRF's, with an exact counter and the one client
address (lms.core.client_address).

DRF's own throttles keep a list of timestamps that they read, extend and write back, so
concurrent requests overwrite each other (22 of 40 passed a limit of 20). These count in a
fixed window with the cache's atomic `add` + `incr`. They guard load, not secrets: when
the cache is unavailable they let requests through (the sign-in, sign-up and code limits
that guard against guessing live in the database, lms.accounts.limits).
"""

import hashlib

from django.core.cache import cache
from rest_framework import throttling
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from lms.core.client_address import client_address


class AtomicRateMixin:
    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        self.window_end = (int(now // self.duration) + 1) * self.duration
        key = f"{self.key}:{int(now // self.duration)}"
        try:
            cache.add(key, 0, timeout=self.duration + 1)
            count = cache.incr(key)
        except ValueError:  # the key vanished (evicted, or the cache is unavailable)
            return True
        self.now = now
        return count <= self.num_requests

    def wait(self) -> float:
        return max(1.0, self.window_end - self.now)


class AnonRateThrottle(AtomicRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(AtomicRateMixin, throttling.UserRateThrottle):
    pass


class AuthAddressThrottle(AtomicRateMixin, throttling.SimpleRateThrottle):
    """A generous per-address ceiling on the sign-in endpoints against request floods
    (LMS_API_AUTH_RATE); what guessers can try is limited by lms.accounts.limits."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenOwnerThrottle(AtomicRateMixin, throttling.SimpleRateThrottle):
    """Refresh and logout: counted per person (the refresh token's user), never per
    address, so a classroom's phones refreshing do not share one budget. A token that is
    not valid is counted per token."""

    scope = "refresh"

    def get_cache_key(self, request, view) -> str:
        raw = str(request.data.get("refresh", "")) if hasattr(request, "data") else ""
        try:
            # Verified: only a token this server signed names its person.
            ident = f"user-{RefreshToken(raw).payload[jwt_settings.USER_ID_CLAIM]}"
        except (TokenError, KeyError):
            ident = "token-" + hashlib.sha256(raw.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
