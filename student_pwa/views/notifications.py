"""The person's notifications: the list (mark one or all read), and their channels per kind
with the button that turns on web push for this browser. The bell in the top bar is kept
live by static/js/notifications.js over /ws/notifications/. Rules live in
lms.notifications; these views only show and forward."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.core.errors import ApplicationError
from lms.notifications import selectors, services
from lms.notifications.kinds import CHANNELS
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page

PAGE_SIZE = 30


@require_GET
@student_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    paginator = Paginator(
        selectors.notification_list(user=request.user, unread=unread_only), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": selectors.unread_count(user=request.user),
    }
    return render_page(request, "student_pwa/notifications/list.html", context)


@require_POST
@student_required
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    try:
        services.notifications_mark_read(
            user=request.user, ids=ids, everything=request.POST.get("all") == "1"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    response = redirect("student_pwa:notifications")
    if request.htmx:
        response["HX-Trigger"] = '{"notifications-read": true}'
    return response


@require_http_methods(["GET", "POST"])
@student_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # An unticked checkbox is absent from the form: every channel of every kind is sent.
        choices = [
            {"kind": row["kind"], **{c: f"{row['kind']}:{c}" in request.POST for c in CHANNELS}}
            for row in selectors.preferences_get(user=request.user)
        ]
        services.preferences_set(user=request.user, choices=choices)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("student_pwa:notification_preferences")
    context = {
        "rows": selectors.preferences_get(user=request.user),
        "vapid_public_key": settings.LMS_VAPID_PUBLIC_KEY,
    }
    return render_page(request, "student_pwa/notifications/preferences.html", context)
