"""Whole guest pages from the cache: the catalog's public pages are the same for every
guest, so they are rendered once per catalog version (lms.catalog.cache), language, URL and
htmx variant, and at most PUBLIC_CACHE_SECONDS old. Signed-in people, and guests with a
message to show, always get a fresh page.

Each page carries a CSRF token (the language switcher's form, htmx's header). A stored page
keeps a placeholder in its place, and every visitor gets their own token in it."""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from lms.catalog.cache import PUBLIC_CACHE_SECONDS, public_cache_key

CSRF_PLACEHOLDER = "__lms_csrf_token__"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def guest_page_cache(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated or request.method != "GET" or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = public_cache_key(
            "page",
            get_language(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("HX-Boosted", ""),
        )
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(
                content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
            )
            response["Vary"] = "HX-Request"
            return response
        response = view(request, *args, **kwargs)
        storable = _storable(request, response)
        if storable is not None:
            cache.set(key, (storable, response["Content-Type"]), PUBLIC_CACHE_SECONDS)
        return response

    return wrapped


def _storable(request: HttpRequest, response: HttpResponse) -> str | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    content = response.content.decode(response.charset)
    found = _CSRF_INPUT.search(content)
    if found:
        return content.replace(found.group(1), CSRF_PLACEHOLDER)
    # A token was handed out somewhere we cannot see: this page is not the same for everyone.
    return None if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") else content
