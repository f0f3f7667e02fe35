"""The student course player: my courses, the roadmap, lessons, "mark as done", the video
position, and the private lesson files (served by lms.core.private_files). Who may see what is decided by
lms.learning.selectors (the lock rules); these views only show the answer."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.catalog.models import Course, Lesson, LessonDocument, Task, TaskKind
from lms.core.errors import ApplicationError, PermissionDeniedError, error_body
from lms.core.html import sanitize_html
from lms.core.json_input import json_loads
from lms.core.private_files import file_response
from lms.learning import answers, selectors, services
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page

DENIED_TEMPLATE = "student_pwa/learning/denied.html"


def _denied(
    request: HttpRequest, error: PermissionDeniedError, *, course: Course | None = None
) -> HttpResponse:
    """The 403 page: the reason, and the way forward (the course page to enroll, or the
    roadmap to pick an open lesson)."""
    context = {"reason": error.message, "code": error.code, "course": course}
    return render(request, DENIED_TEMPLATE, context, status=403)


# --- Pages --------------------------------------------------------------------------------


@require_GET
@student_required
def my_courses(request: HttpRequest) -> HttpResponse:
    items = answers.course_cards_get(user=request.user)
    return render_page(request, "student_pwa/learning/my_courses.html", {"items": items})


@require_GET
@student_required
def course_roadmap(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.course_access_get(user=request.user, slug=slug)
    if found is None:
        raise Http404
    course, access = found
    try:
        roadmap = answers.roadmap_answer_get(user=request.user, course=course, access=access)
    except PermissionDeniedError as error:
        return _denied(request, error, course=course)
    context = {
        "course": course,
        "roadmap": roadmap,
        "is_complete": selectors.Progress(
            done=roadmap["progress"]["done"], total=roadmap["progress"]["total"]
        ).is_complete,
    }
    labels = dict(TaskKind.choices)
    for module in roadmap["modules"]:
        for lesson in module["lessons"]:
            for task in lesson["tasks"]:
                task["kind_label"] = labels.get(task["kind"], task["kind"])
    return render_page(request, "student_pwa/learning/roadmap.html", context)


def _lesson_context(request: HttpRequest, lesson: Lesson, access: selectors.LessonAccess) -> dict:
    progress = (
        selectors.lesson_progress_get(user=request.user, lesson=lesson)
        if access.roadmap.records_progress
        else None
    )
    documents = [
        {
            "document": document,
            "url": reverse("student_pwa:document_file", args=[document.pk]),
            "is_pdf": document.file.name.lower().endswith(".pdf"),
        }
        for document in lesson.documents.all()
    ]
    return {
        "course": lesson.module.course,
        "lesson": lesson,
        "roadmap": access.roadmap,
        "step": access.step,
        "body": mark_safe(sanitize_html(lesson.body)),  # noqa: S308  (cleaned by nh3 just above)
        "video_src": reverse("student_pwa:lesson_file", args=[lesson.pk, "video"])
        if lesson.video_file
        else "",
        "subtitles_src": reverse("student_pwa:lesson_file", args=[lesson.pk, "subtitles"])
        if lesson.subtitles
        else "",
        "documents": documents,
        "progress": progress,
        "progress_url": reverse("student_pwa:lesson_progress", args=[lesson.pk]),
        "has_watch_task": any(step.task.kind == TaskKind.WATCH for step in access.step.tasks),
    }


@require_GET
@student_required
def lesson_detail(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    try:
        lesson = selectors.lesson_content_get(lesson_id=lesson_id, course=course)
    except Lesson.DoesNotExist as error:
        raise Http404 from error
    try:
        access = selectors.lesson_access_check(user=request.user, lesson=lesson)
    except PermissionDeniedError as error:
        return _denied(request, error, course=course)
    fragment = "tasks" if request.htmx and request.htmx.target == "lesson-tasks" else "content"
    return render_page(
        request,
        "student_pwa/learning/lesson_detail.html",
        _lesson_context(request, lesson, access),
        fragment=fragment,
    )


@require_POST
@student_required
def task_complete(request: HttpRequest, task_id: int) -> HttpResponse:
    """ "Mark as done". For htmx: the lesson's refreshed task list and a toast; otherwise back
    to the lesson page. A refusal is a 403 with the reason (a toast for htmx)."""
    task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=task_id)
    lesson = task.lesson
    course = lesson.module.course
    try:
        result = services.task_complete(user=request.user, task=task)
    except PermissionDeniedError as error:
        if request.htmx:
            messages.error(request, error.message)
            return HttpResponse(error.message, status=403, content_type="text/plain; charset=utf-8")
        return _denied(request, error, course=course)
    if result.course_completed:
        messages.success(
            request, _("Congratulations! You completed “%(course)s”.") % {"course": course.title}
        )
    elif result.created:
        messages.success(request, _("Done: “%(task)s”.") % {"task": task.title})
    else:
        messages.info(request, _("“%(task)s” was already done.") % {"task": task.title})
    if not request.htmx:
        return redirect("student_pwa:lesson_detail", slug=course.slug, lesson_id=lesson.pk)
    lesson = selectors.lesson_content_get(lesson_id=lesson.pk)
    roadmap = result.roadmap  # already up to date: no second build of the roadmap
    access = selectors.LessonAccess(roadmap=roadmap, step=roadmap.lesson_step(lesson.pk))
    return render_page(
        request,
        "student_pwa/learning/lesson_detail.html",
        _lesson_context(request, lesson, access),
        fragment="tasks",
    )


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _progress_body(request: HttpRequest) -> tuple[float | None, float | None, JsonResponse | None]:
    """The two numbers of a progress report, or the 400 that says what is wrong."""
    if request.content_type == "application/json":
        try:
            data = json_loads(request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return (
                None,
                None,
                JsonResponse(error_body("invalid", _("Send a JSON object.")), status=400),
            )
    else:
        data = request.POST
    position, duration = (
        _number(data.get("position_seconds")),
        _number(data.get("duration_seconds")),
    )
    fields = {
        name: [_("Send a number of seconds, zero or more.")]
        for name, value in (("position_seconds", position), ("duration_seconds", duration))
        if value is None
    }
    if fields:
        message = _("Check the highlighted fields.")
        return None, None, JsonResponse(error_body("invalid", message, fields), status=400)
    return position, duration, None


@require_POST
@student_required
def lesson_progress(request: HttpRequest, lesson_id: int) -> JsonResponse:
    """Where the player is: JSON `{"position_seconds", "duration_seconds"}` (or the same as
    form fields). Answers what was saved and which watch tasks this completed."""
    lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=lesson_id)
    position, duration, refused = _progress_body(request)
    if refused is not None:
        # Someone who may not read the lesson is told so, not what a valid body looks
        # like; checked only here because the service checks a valid body's sender itself
        # (this is the player's frequent call).
        try:
            selectors.lesson_access_check(user=request.user, lesson=lesson)
        except PermissionDeniedError as error:
            return JsonResponse(error_body(error.code, error.message), status=error.status)
        return refused
    try:
        result = services.lesson_progress_save(
            user=request.user, lesson=lesson, position_seconds=position, duration_seconds=duration
        )
    except ApplicationError as error:
        return JsonResponse(
            error_body(error.code, error.message, error.fields), status=error.status
        )
    return JsonResponse(
        {
            "position_seconds": result.progress.video_position_seconds,
            "duration_seconds": result.progress.video_duration_seconds,
            "completed_task_ids": [task.pk for task in result.completed_tasks],
            "course_completed": result.course_completed,
            "message": _("Video watched: its task is done.") if result.completed_tasks else "",
        }
    )


# --- Private files ------------------------------------------------------------------------


def _file_user(request: HttpRequest):
    """The session's user, or for API clients the bearer of a valid JWT access token."""
    if request.user.is_authenticated:
        return request.user
    if request.headers.get("Authorization"):
        from rest_framework.exceptions import AuthenticationFailed
        from rest_framework_simplejwt.authentication import JWTAuthentication
        from rest_framework_simplejwt.exceptions import InvalidToken

        try:
            authenticated = JWTAuthentication().authenticate(request)
        except (InvalidToken, AuthenticationFailed) as error:
            raise PermissionDeniedError(
                _("Your sign-in has expired or is not valid. Sign in again."),
                code="token_not_valid",
                status=401,
            ) from error
        if authenticated is not None:
            return authenticated[0]
    return AnonymousUser()


def _file_denied(
    request: HttpRequest, error: PermissionDeniedError, course: Course
) -> HttpResponse:
    status = 401 if error.code in {"login_required", "token_not_valid"} else error.status
    if request.headers.get("Authorization") or "application/json" in request.headers.get(
        "Accept", ""
    ):
        return JsonResponse(error_body(error.code, error.message), status=status)
    response = _denied(request, error, course=course)
    response.status_code = status
    return response


@require_http_methods(["GET", "HEAD"])
def lesson_file(request: HttpRequest, lesson_id: int, kind: str) -> HttpResponse:
    """A lesson's video or subtitles, for whoever may read the lesson."""
    if kind not in ("video", "subtitles"):
        raise Http404
    lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=lesson_id)
    field_file = lesson.video_file if kind == "video" else lesson.subtitles
    if not field_file:
        raise Http404
    course = lesson.module.course
    try:
        selectors.lesson_access_check(user=_file_user(request), lesson=lesson)
    except PermissionDeniedError as error:
        return _file_denied(request, error, course)
    return file_response(request, field_file, as_attachment=False)


@xframe_options_sameorigin
@require_http_methods(["GET", "HEAD"])
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    """A lesson's document: PDFs inline (the lesson page frames them), others downloaded."""
    document = get_object_or_404(
        LessonDocument.objects.select_related("lesson__module__course"), pk=document_id
    )
    course = document.lesson.module.course
    try:
        selectors.lesson_access_check(user=_file_user(request), lesson=document.lesson)
    except PermissionDeniedError as error:
        return _file_denied(request, error, course)
    suffix = PurePosixPath(document.file.name).suffix.lower()
    return file_response(
        request,
        document.file,
        as_attachment=suffix != ".pdf",
        # The stored name is generated: offer the document's title as the file's name.
        download_name=f"{slugify(document.title) or 'document'}{suffix}",
    )
