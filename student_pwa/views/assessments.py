"""Taking a quiz or exam in the student app: the assessment page (rules, past attempts,
start), the attempt page (questions saved one at a time with htmx, the server's countdown,
submit), the result (score, and the review when its policy allows) and the proctoring
events of exams. Rules live in lms.assessments; these views only show their answers.

Opening an attempt past its deadline submits it with what was saved (the issue's "again on
any later access"): the deadline was fixed by the server when the attempt started."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.assessments import selectors
from lms.assessments.models import Assessment, Attempt, ProctorEventKind
from lms.assessments.services import attempts as services
from lms.core.errors import ApplicationError, PermissionDeniedError, error_body
from lms.core.html import sanitize_html
from lms.learning.selectors import lesson_access_check
from student_pwa.decorators import student_required
from student_pwa.views.learning import _denied
from student_pwa.views.shared import render_page

TEMPLATES = "student_pwa/assessments/"


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    try:
        return selectors.attempt_get_for_user(attempt_id=attempt_id, user=request.user)
    except Attempt.DoesNotExist as error:
        raise Http404 from error


@require_GET
@student_required
def task_assessment(request: HttpRequest, task_id: int) -> HttpResponse:
    """The quiz or exam of a roadmap task: its rules, the student's attempts, start."""
    try:
        assessment = selectors.assessment_for_task(task_id=task_id)
    except Assessment.DoesNotExist as error:
        raise Http404 from error
    task = assessment.task
    try:
        access = lesson_access_check(user=request.user, lesson=task.lesson)
    except PermissionDeniedError as error:
        return _denied(request, error, course=assessment.course)
    attempts = list(selectors.attempts_for_user(user=request.user, assessment=assessment))
    for attempt in attempts:
        if attempt.is_open:
            services.attempt_submit_if_due(attempt_id=attempt.pk)
    attempts = list(selectors.attempts_for_user(user=request.user, assessment=assessment))
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    allowed = assessment.attempts_allowed
    context = {
        "assessment": assessment,
        "course": assessment.course,
        "task": task,
        "lesson": task.lesson,
        "attempts": attempts,
        "open_attempt": open_attempt,
        "attempts_left": None if not allowed else max(allowed - len(attempts), 0),
        "records_progress": access.roadmap.records_progress,
        "instructions": mark_safe(sanitize_html(assessment.instructions)),  # noqa: S308
    }
    return render_page(request, TEMPLATES + "assessment.html", context)


@require_POST
@student_required
def attempt_start(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.select_related("course", "task__lesson__module__course"),
        pk=assessment_id,
    )
    try:
        attempt = services.attempt_start(user=request.user, assessment=assessment)
    except PermissionDeniedError as error:
        return _denied(request, error, course=assessment.course)
    except ApplicationError as error:
        messages.error(request, error.message)
        if assessment.task_id:
            return redirect("student_pwa:task_assessment", task_id=assessment.task_id)
        raise Http404 from error
    return redirect("student_pwa:attempt_detail", attempt_id=attempt.pk)


@require_GET
@student_required
def attempt_detail(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """An open attempt to answer, or a submitted one's result (and review if allowed)."""
    attempt = _own_attempt(request, attempt_id)
    attempt = services.attempt_submit_if_due(attempt_id=attempt.pk) or attempt
    view = selectors.attempt_view_get(attempt=attempt)
    assessment = attempt.assessment
    context = {
        "attempt": attempt,
        "assessment": assessment,
        "view": view,
        "questions": [
            {"question": question, "text": mark_safe(question.text)}  # noqa: S308 (nh3 on save)
            for question in view.questions
        ],
        # ISO 8601 in UTC for the countdown (the template's date filter would use local time).
        "deadline_iso": attempt.deadline.isoformat() if attempt.deadline else "",
        "server_now_iso": timezone.now().isoformat(),
        "proctored": attempt.is_open and assessment.proctoring_enabled,
    }
    template = "attempt.html" if attempt.is_open else "result.html"
    return render_page(request, TEMPLATES + template, context)


@require_POST
@student_required
def answer_save(request: HttpRequest, attempt_id: int, question_id: int) -> HttpResponse:
    """Save one question's answer (htmx: a small "Saved" status; without JavaScript: back to
    the attempt). After the deadline: 409 with the reason."""
    attempt = _own_attempt(request, attempt_id)
    try:
        option_ids = [int(value) for value in request.POST.getlist("option")]
    except ValueError:
        option_ids = None
    try:
        if option_ids is None:
            raise ApplicationError(_("Choose among this question’s options."))
        services.answer_save(attempt=attempt, question_id=question_id, option_ids=option_ids)
    except ApplicationError as error:
        if request.htmx:
            response = HttpResponse(error.message, status=error.status)
            response["Content-Type"] = "text/plain; charset=utf-8"
            if error.code == "deadline_passed":
                response["HX-Redirect"] = reverse("student_pwa:attempt_detail", args=[attempt.pk])
            return response
        messages.error(request, error.message)
        return redirect("student_pwa:attempt_detail", attempt_id=attempt.pk)
    if request.htmx:
        return HttpResponse(_("Saved"), content_type="text/plain; charset=utf-8")
    return redirect(reverse("student_pwa:attempt_detail", args=[attempt.pk]) + f"#q-{question_id}")


@require_POST
@student_required
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = services.attempt_submit(attempt=_own_attempt(request, attempt_id))
    if attempt.passed:
        messages.success(request, _("Passed: %(percent)s %%.") % {"percent": attempt.percent})
    return redirect("student_pwa:attempt_detail", attempt_id=attempt.pk)


@require_POST
@student_required
def proctor_event(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """JSON {kind, occurred_at} from proctor.js."""
    attempt = _own_attempt(request, attempt_id)
    try:
        payload = json.loads(request.body or b"{}")
        kind = payload.get("kind")
        occurred_at = parse_datetime(str(payload.get("occurred_at", "")))
    except (ValueError, AttributeError):
        kind, occurred_at = None, None
    if kind not in ProctorEventKind.values or occurred_at is None:
        return JsonResponse(error_body("invalid", _("Unknown event.")), status=400)
    try:
        result = services.proctor_event_record(attempt=attempt, kind=kind, occurred_at=occurred_at)
    except ApplicationError as error:
        return JsonResponse(error_body(error.code, error.message), status=error.status)
    return JsonResponse({"id": result.event.pk}, status=201)
