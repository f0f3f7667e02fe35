"""A person's page in the console (from the user's change page: "Overview"): profile,
courses with roadmap progress, attempts, submissions, attendance and streak, points history
(with a link to the person's points page, where adjustments are made) and certificates."""

from django.http import HttpRequest
from django.template.response import TemplateResponse

from lms.reports.person import person_overview_get


def person_page(model_admin, request: HttpRequest, user) -> TemplateResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": user,
        "title": user.full_name or user.email,
        **person_overview_get(user=user),
    }
    return TemplateResponse(request, "admin_ext/person/overview.html", context)
