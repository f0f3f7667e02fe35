"""The student's meetings: upcoming ones with a Join button (a POST that records attendance
and sends them to the link), their attendance rate, interview feedback, and their private
calendar address. Rules live in lms.meetings; these views only show and forward."""

from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.core.csp import CSP_HEADER, policy_for
from lms.core.errors import ApplicationError
from lms.meetings import selectors, services
from lms.meetings.models import CalendarFeed, Meeting
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page


def _join_form_targets() -> list[str]:
    """The Join form's POST answers with a redirect to the meeting's link, which the page's
    `form-action` must allow: any https site (and this machine when local links are on)."""
    targets = ["https:"]
    if settings.LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS:
        targets += ["http://127.0.0.1:*", "http://localhost:*"]
    return targets


@require_GET
@student_required
def meetings(request: HttpRequest) -> HttpResponse:
    at = timezone.now()
    upcoming = [
        (meeting, selectors.join_window(meeting=meeting))
        for meeting in selectors.my_meetings(user=request.user, upcoming=True, at=at)
    ]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        f"{request.scheme}://{get_current_site(request).domain}"
        f"{reverse('api:calendar-feed')}?token={feed.token}"
        if feed
        else ""
    )
    context = {
        "upcoming": [{"meeting": m, "window": w, "open": w.is_open(at)} for m, w in upcoming],
        "rate": selectors.attendance_rate(user=request.user, at=at),
        "feedback": selectors.feedback_for_student(user=request.user)[:20],
        "feed_url": feed_url,
    }
    response = render_page(request, "student_pwa/meetings/meetings.html", context)
    response[CSP_HEADER] = policy_for(request, {"form-action": _join_form_targets()})
    return response


@require_POST
@student_required
def meeting_join(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    try:
        services.meeting_join(meeting=meeting, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("student_pwa:meetings")
    return HttpResponseRedirect(meeting.join_url)


@require_POST
@student_required
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_renew(user=request.user)
    messages.success(request, _("Your calendar address is ready. Any older one stopped working."))
    return redirect("student_pwa:meetings")
