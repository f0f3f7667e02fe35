"""django-axes hooks: which login an attempt was for, and what a locked-out person sees."""

from django.conf import settings
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


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. For your security this account is locked for "
        "%(minutes)d minutes. Try again later or reset your password."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("locked_out", message), status=LOCKOUT_STATUS)
    return render(request, "account/lockout.html", {"message": message}, status=LOCKOUT_STATUS)
