"""The one place that decides a visitor's network address.

Every limit keyed by address (API throttles, sign-in and sign-up limits, the django-axes
log, allauth's own limits) calls `client_address`, so they all count the same visitor.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the visitor as the nearest trusted proxy saw it.

    With `LMS_TRUSTED_PROXIES = 0` (nothing in front of the web server) it is the TCP
    peer and every forwarded header is ignored: a client cannot choose its own address.
    With N trusted proxies, each of which appends the address it saw to X-Forwarded-For
    (or overwrites it, like the compose nginx), the N-th entry from the right is the
    last one written by a proxy we trust; entries further left were written by the
    client and are never read. A header with fewer entries than trusted proxies, or an
    entry that is not an address, falls back to the peer.
    """
    peer = request.META.get("REMOTE_ADDR") or ""
    trusted = settings.LMS_TRUSTED_PROXIES
    if trusted <= 0:
        return peer
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        return peer
    return _valid(forwarded[-trusted]) or peer
