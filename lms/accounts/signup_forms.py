"""allauth's sign-up and password-reset forms with the LMS's limits (ACCOUNT_FORMS).
Separate from lms.accounts.forms, which allauth's own forms module imports."""

from allauth.account import forms as allauth_forms
from django.http import HttpRequest
from django.shortcuts import render

from lms.accounts import services
from lms.core.errors import ApplicationError


class SignupForm(allauth_forms.SignupForm):
    def try_save(self, request: HttpRequest):
        """A valid sign-up counts against the address's limits (the same as the API's)."""
        try:
            taken = services.signup_limit_take(request=request)
        except ApplicationError as error:
            page = render(request, "account/limited.html", {"message": error.message}, status=429)
            return None, page
        try:
            return super().try_save(request)
        except Exception:
            for unit in taken:
                services.limits.limit_give_back(taken=unit)
            raise


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def save(self, request: HttpRequest, **kwargs) -> str:
        email = self.cleaned_data["email"]
        if not services.password_reset_allowed(email=email, request=request):
            return email  # the page says "sent" either way
        return super().save(request, **kwargs)
