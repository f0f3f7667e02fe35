import json
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse


class HtmxMessagesMiddleware:
    """For htmx requests, hand queued Django messages to the page as an `HX-Trigger` event
    (`toast`), which static/js/app.js shows as toasts. Full pages render them in the layout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or 300 <= response.status_code < 400:
            return response
        toasts = [
            {"level": m.level_tag, "message": str(m.message)}
            for m in messages.get_messages(request)
        ]
        if toasts:
            triggers = json.loads(response.get("HX-Trigger", "{}") or "{}")
            triggers["toast"] = toasts
            response["HX-Trigger"] = json.dumps(triggers)
        return response


def mark_signed_out(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """`user_logged_out` receiver (connected in apps.py): whatever view signed the user out
    (logout, sign out everywhere, account deletion), its response clears the browser's copies."""
    if request is not None:
        request.clear_site_data = True


class ClearSiteDataOnSignOutMiddleware:
    """After a sign-out the browser drops the pages the service worker kept for offline
    reading, the queued progress and every other stored copy: nothing private stays on a
    shared phone. (static/js/app.js also asks the worker to clear, for browsers without
    Clear-Site-Data.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "clear_site_data", False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
