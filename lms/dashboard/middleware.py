from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lms.dashboard.cache import person_changed

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class OwnChangesMiddleware:
    """A person's own changes show at once on their dashboard: after any request that may
    write (every write is a POST, PUT, PATCH or DELETE), their stored dashboard is left
    behind. After the view, so a token-authenticated API request (DRF sets the user while
    handling it) counts as well as a signed-in session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                person_changed(user.pk)
        return response
