"""Home pages, onboarding, language and first-admin setup."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts import services
from lms.accounts.forms import FirstAdminForm, OnboardingForm
from lms.accounts.selectors import landing_url_for
from lms.catalog.selectors import course_list_published, course_stats_attach
from lms.core.errors import ApplicationError
from lms.core.selectors import site_content_get
from lms.dashboard.cache import person_cached_get, student_dashboard_cached_get
from student_pwa.decorators import student_required
from student_pwa.page_cache import guest_page_cache
from student_pwa.views.shared import render_page

LATEST_COURSES_ON_HOME = 6


@require_GET
@guest_page_cache
def guest_home(request: HttpRequest) -> HttpResponse:
    """The public front page: the admins' words and the newest published courses."""
    context = {
        "site_content": site_content_get(),
        "courses": course_stats_attach(
            course_list_published(sort="newest")[:LATEST_COURSES_ON_HOME]
        ),
    }
    return render_page(request, "student_pwa/guest_home.html", context)


@require_GET
@student_required
def home(request: HttpRequest) -> HttpResponse:
    """The student's dashboard: profile, the latest courses with their progress and next
    step (all of them are one link away, on "My courses"), attendance, streak, upcoming
    meetings, pending assignments and quizzes. A fixed number of queries (lms.dashboard);
    one (the person) when shown again within a minute and nothing changed."""
    user = request.user

    def panels() -> str:
        dashboard = student_dashboard_cached_get(user=user)
        context = {"dashboard": dashboard, "items": dashboard.courses, "user": user}
        return render_to_string("student_pwa/_dashboard.html", context)

    # Rendered panels kept with the data (lms.dashboard.cache): the same versions, the
    # person's language and time zone (the times are shown in it).
    content = person_cached_get(
        user=user, kind="page", build=panels, vary=(timezone.get_current_timezone_name(),)
    )
    return render_page(request, "student_pwa/home.html", {"content": content})


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """Where a sign-in without a `next` lands (LOGIN_REDIRECT_URL): the place for the role."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(landing_url_for(user=request.user))


@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    if not request.user.needs_onboarding:
        return redirect(landing_url_for(user=request.user))
    form = OnboardingForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_onboard(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            for field, errors in error.fields.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Welcome! Your profile is ready."))
            return redirect("student_pwa:home")
    return render_page(request, "student_pwa/onboarding.html", {"form": form})


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and on the signed-in profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return response
    if request.user.is_authenticated and request.user.preferred_language != language:
        services.user_profile_update(user=request.user, preferred_language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_http_methods(["GET", "POST"])
def first_admin_setup(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the one-time link printed when no admin exists."""
    if not services.first_admin_invitation_valid(token=token):
        return render(request, "student_pwa/first_admin_invalid.html", status=410)
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.first_admin_create(
                token=token,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ApplicationError as error:
            if not error.fields:
                return render(request, "student_pwa/first_admin_invalid.html", status=error.status)
            for field, errors in error.fields.items():
                for message in errors:
                    form.add_error("password1" if field == "password" else field, message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your admin account is ready."))
            return redirect("admin:index")
    return render(request, "student_pwa/first_admin_setup.html", {"form": form})
