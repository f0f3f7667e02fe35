from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from lms.accounts.selectors import user_has_verified_email


def student_required(view: Callable) -> Callable:
    """The student app's door: signed in, email verified, onboarding done. Anyone else is
    sent to the step they are missing."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_verified_email(user=user):
            return redirect("account_email_verification_sent")
        if user.needs_onboarding:
            return redirect("student_pwa:onboarding")
        return view(request, *args, **kwargs)

    return wrapped
