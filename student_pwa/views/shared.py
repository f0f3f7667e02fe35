from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lms.accounts.permissions import can_preview_course
from lms.catalog.models import Course
from lms.core.errors import PermissionDeniedError
from lms.learning.services import enrollment_refuse_staff


def render_page(
    request: HttpRequest, template: str, context: dict, fragment: str = "content", **kwargs
) -> HttpResponse:
    """The whole page normally; only its `fragment` partial for an htmx request (not boosted).
    Sends `Vary: HX-Request` because the same URL answers with a page or a fragment."""
    name = f"{template}#{fragment}" if request.htmx and not request.htmx.boosted else template
    response = render(request, name, context, **kwargs)
    response["Vary"] = "HX-Request"
    return response


def staff_enroll_context(request: HttpRequest, course: Course) -> dict:
    """What the enroll panel shows staff instead of the form: the enrollment service's
    refusal (so the page and the service say the same), and whether they may open the
    course without enrolling."""
    try:
        enrollment_refuse_staff(user=request.user)
    except PermissionDeniedError as refusal:
        return {
            "staff_notice": refusal.message,
            "staff_can_preview": can_preview_course(request.user, course),
        }
    return {}
