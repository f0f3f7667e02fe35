"""The resume builder in the student app: projects to add or remove, a template to choose,
the PDF to download. Education and skills are edited on the profile page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.core.errors import ApplicationError
from lms.resumes import selectors, services
from lms.resumes.models import ResumeProject
from lms.resumes.pdf import TEMPLATES, resume_pdf_get
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page

PROJECT_FIELDS = ("title", "description", "technologies", "link")


@require_GET
@student_required
def resume_home(request: HttpRequest) -> HttpResponse:
    context = {
        "projects": selectors.projects_of(user=request.user),
        "templates": TEMPLATES.items(),
        "data": selectors.resume_data_get(user=request.user),
    }
    return render_page(request, "student_pwa/resume/home.html", context)


@require_POST
@student_required
def project_add(request: HttpRequest) -> HttpResponse:
    fields = {name: request.POST.get(name, "") for name in PROJECT_FIELDS}
    try:
        services.project_create(user=request.user, **fields)
    except ApplicationError as error:
        details = [m for messages_ in error.fields.values() for m in messages_]
        messages.error(request, " ".join([error.message, *details]))
    else:
        messages.success(request, _("Project added."))
    return redirect("student_pwa:resume")


@require_POST
@student_required
def project_remove(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(ResumeProject, pk=project_id, user=request.user)
    services.project_delete(project=project, user=request.user)
    messages.success(request, _("Project removed."))
    return redirect("student_pwa:resume")


@require_GET
@student_required
def resume_download(request: HttpRequest) -> HttpResponse:
    try:
        pdf = resume_pdf_get(user=request.user, template=request.GET.get("template"))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("student_pwa:resume")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="resume.pdf"'
    return response
