"""Student app pages of the assignments context: my assignments, one assignment with its
submit form and history, daily work with the streak and heatmap, and the permission-checked
files. The rules are lms.assignments' (services and selectors); these views show answers."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods

from lms.assignments import selectors, services
from lms.assignments.models import DailyEntry
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.private_files import file_response
from student_pwa.decorators import student_required
from student_pwa.views.learning import _file_user
from student_pwa.views.shared import render_page

TEMPLATES = "student_pwa/assignments/"


@require_GET
@student_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    items = selectors.my_assignments_list(user=request.user)
    return render_page(request, TEMPLATES + "my_assignments.html", {"items": items})


@require_http_methods(["GET", "HEAD", "POST"])
@student_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The assignment, the student's attempts, and the form to submit (POST)."""
    item = selectors.my_assignment_get(user=request.user, assignment_id=assignment_id)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            services.submission_create(
                user=request.user,
                assignment=item.assignment,
                text=request.POST.get("text", ""),
                files=request.FILES.getlist("files"),
            )
        except ApplicationError as error:
            errors = error.fields or {"non_field_errors": [error.message]}
            status = error.status
        else:
            messages.success(request, _("Your work was submitted."))
            return redirect("student_pwa:assignment_detail", assignment_id=assignment_id)
    history = selectors.submission_history(user=request.user, assignment=item.assignment)
    context = {
        "item": item,
        "history": history,
        "errors": errors,
        "text": request.POST.get("text", ""),
    }
    return render_page(request, TEMPLATES + "assignment_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@student_required
def daily_work(request: HttpRequest) -> HttpResponse:
    """Today's entry (written or edited with POST), the streak, the heatmap and past days
    (read-only)."""
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            services.daily_entry_save(
                user=request.user,
                text=request.POST.get("text", ""),
                file=request.FILES.get("file"),
            )
        except ApplicationError as error:
            errors = error.fields or {"non_field_errors": [error.message]}
            status = error.status
        else:
            messages.success(request, _("Today’s work is saved."))
            return redirect("student_pwa:daily_work")
    today = selectors.local_today(user=request.user)
    entries = list(selectors.daily_entries(user=request.user)[:30])
    today_entry = entries[0] if entries and entries[0].local_date == today else None
    context = {
        "today": today,
        "today_entry": today_entry,
        "past_entries": [entry for entry in entries if entry.local_date != today],
        "streak": selectors.streak_get(user=request.user),
        "weeks": selectors.heatmap_weeks(user=request.user),
        "errors": errors,
        "text": request.POST.get("text") or (today_entry.text if today_entry else ""),
    }
    return render_page(request, TEMPLATES + "daily_work.html", context, status=status)


def _denied_file(error: PermissionDeniedError) -> HttpResponse:
    return HttpResponse(error.message, status=401 if error.status == 401 else 404)


@xframe_options_sameorigin
@require_http_methods(["GET", "HEAD"])
def submission_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """A submitted file for its student, admins and the course's instructors (inline in the
    console's review page); 404 for anyone else."""
    try:
        user = _file_user(request)
    except PermissionDeniedError as error:
        return _denied_file(error)
    found = selectors.submission_file_for_viewer(user=user, file_id=file_id)
    return file_response(
        request, found.file, as_attachment=False, download_name=found.original_name
    )


@xframe_options_sameorigin
@require_http_methods(["GET", "HEAD"])
def daily_entry_file(request: HttpRequest, entry_id: int) -> HttpResponse:
    """A daily entry's file, for its student and staff."""
    try:
        user = _file_user(request)
    except PermissionDeniedError as error:
        return _denied_file(error)
    entry = get_object_or_404(DailyEntry, pk=entry_id)
    allowed = entry.user_id == getattr(user, "pk", None) or selectors.daily_entry_staff_can_view(
        user=user, entry=entry
    )
    if not allowed or not entry.file:
        raise Http404
    return file_response(request, entry.file, as_attachment=False)


@xframe_options_sameorigin
@require_http_methods(["GET", "HEAD"])
def attachment_file(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """An assignment's attachment, for the students it targets and the course's staff."""
    try:
        user = _file_user(request)
    except PermissionDeniedError as error:
        return _denied_file(error)
    found = selectors.attachment_for_viewer(user=user, attachment_id=attachment_id)
    return file_response(
        request, found.file, as_attachment=False, download_name=found.original_name
    )
