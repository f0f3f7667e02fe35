"""What a person sees when the sign-in limits refuse an attempt (lms.accounts.backends),
and the django-axes hooks (axes only keeps the log of sign-ins shown in the console)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lms.core.errors import error_body

LOCKOUT_STATUS = 429


def username_from_attempt(request: HttpRequest, credentials: dict | None) -> str | None:
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in ("email", "login", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return None


def lockout_message(refusal=None) -> str:
    minutes = max(1, round(getattr(refusal, "seconds", 900) / 60))
    if getattr(refusal, "reason", "account") == "address":
        return _(
            "Too many failed login attempts from your network. Try again in %(minutes)d minutes."
        ) % {"minutes": minutes}
    return _(
        "Too many failed login attempts. For your security this account is locked for "
        "%(minutes)d minutes. Reset your password to unlock it now."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, refusal=None) -> HttpResponse:
    message = lockout_message(refusal)
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("locked_out", message), status=LOCKOUT_STATUS)
    return render(request, "account/lockout.html", {"message": message}, status=LOCKOUT_STATUS)


class SignInRefusedMiddleware:
    """A page whose sign-in was refused by the limits (allauth's login, the console's)
    answers with the lockout page, 429, instead of "wrong password"."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refusal = getattr(request, "sign_in_refused", None)
        if refusal is not None and not request.path.startswith("/api/"):
            return lockout_response(request, refusal)
        return response
