"""A signed-in person's own profile and account: details, sign out everywhere, delete the
account; and the web entry of the emailed six-digit verification code."""

from allauth.account.views import ConfirmEmailView
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lms.accounts import self_service, services
from lms.accounts.models import User
from lms.accounts.selectors import landing_url_for
from lms.core.errors import ApplicationError
from student_pwa.views.shared import render_page


class ProfileForm(forms.ModelForm):
    """The profile, with education and skills for the résumé to come."""

    skills = forms.CharField(
        label=gettext_lazy("Skills"),
        required=False,
        help_text=gettext_lazy("Separated by commas, e.g. Python, SQL, Public speaking."),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "photo",
            "phone",
            "preferred_language",
            "timezone",
            "college",
            "branch",
            "year",
            "domain",
        ]
        widgets = {"year": forms.NumberInput(attrs={"min": 1, "max": 8})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].initial = ", ".join(self.instance.skills or [])
        self.order_fields([*self.Meta.fields, "skills"])

    def clean_skills(self) -> list[str]:
        parts = (part.strip() for part in self.cleaned_data["skills"].split(","))
        return list(dict.fromkeys(part for part in parts if part))[:50]

    def _post_clean(self) -> None:
        pass  # the service validates and saves; the form only reads the input


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _add_errors(form: forms.Form, error: ApplicationError) -> None:
    if not error.fields:
        form.add_error(None, error.message)
    for field, errors in error.fields.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if redirect_response := _signed_in(request):
        return redirect_response
    user = User.objects.get(pk=request.user.pk)  # a copy: a refused change leaves request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if "photo" in changes and changes["photo"] is False:
            changes["photo"] = ""  # the "clear" box
        try:
            if changes:
                services.user_profile_update(user=user, **changes)
        except ApplicationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("student_pwa:profile")
    return render_page(request, "student_pwa/account/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    if redirect_response := _signed_in(request):
        return redirect_response
    if request.method == "POST":
        self_service.user_sign_out_everywhere(user=request.user, request=request)
        logout(request)
        messages.success(request, _("You are signed out everywhere. Log in again to continue."))
        return redirect("account_login")
    return render_page(request, "student_pwa/account/sign_out_everywhere.html", {})


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.CharField(label=gettext_lazy("Type your email address"), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["email" if user.has_usable_password() else "password"]


@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    if redirect_response := _signed_in(request):
        return redirect_response
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            self_service.user_account_delete(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _add_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted."))
            return redirect("student_pwa:guest_home")
    return render_page(request, "student_pwa/account/delete.html", {"form": form})


class VerificationCodeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    code = forms.RegexField(
        label=gettext_lazy("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("The code has six digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 8}
        ),
    )


@require_http_methods(["GET", "POST"])
def email_verify_code(request: HttpRequest) -> HttpResponse:
    """The code from the verification email, typed on the web (the link does the same)."""
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = VerificationCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_verify_with_code(request=request, **form.cleaned_data)
        except ApplicationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your email address is verified."))
            if request.user.is_authenticated:
                return redirect(landing_url_for(user=request.user))
            return redirect("account_login")
    return render_page(request, "student_pwa/account/verify_code.html", {"form": form})


class EmailConfirmView(ConfirmEmailView):
    """allauth's confirmation page, which also tells a second click on a used link that the
    address is already confirmed (rather than that the link expired)."""

    def post(self, *args, **kwargs) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:
            return self.get(*args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if not context.get("confirmation"):
            context["already_confirmed"] = self_service.email_confirmation_key_used(
                key=self.kwargs["key"]
            )
        return context
