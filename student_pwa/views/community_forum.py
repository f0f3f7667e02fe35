"""A course's Q&A in the student app: the list (search, sort, lesson filter) with the ask
form, and a question's page with its answers and the vote, accept, rate and flag buttons
(POSTs; with htmx only the answer's card is swapped). The rules live in lms.community;
these views only show the answer and forward what was typed."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.catalog.models import Course, Lesson
from lms.community import access, selectors
from lms.community.models import Post
from lms.community.services import forum, moderation
from lms.core.errors import ApplicationError
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page

LIST_TEMPLATE = "student_pwa/community/questions.html"
QUESTION_TEMPLATE = "student_pwa/community/question.html"
DENIED_TEMPLATE = "student_pwa/learning/denied.html"
PAGE_SIZE = 20


def refused(request: HttpRequest, error: ApplicationError, *, course=None) -> HttpResponse:
    """A refusal as a page (403/404 with the reason) or, for htmx, a toast."""
    if request.htmx:
        messages.error(request, error.message)
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    context = {"reason": error.message, "code": error.code, "course": course}
    return render(request, DENIED_TEMPLATE, context, status=error.status)


def _lessons(course: Course):
    return Lesson.objects.filter(module__course=course).order_by(
        "module__position", "position", "pk"
    )


def _list_context(request: HttpRequest, course: Course, **extra) -> dict:
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in selectors.SORTS else "newest"
    lesson = request.GET.get("lesson", "")
    lesson_id = int(lesson) if lesson.isdigit() else None
    search = request.GET.get("q", "").strip()
    questions = selectors.question_list(
        user=request.user, course=course, search=search, sort=sort, lesson_id=lesson_id
    )
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "query_string": query.urlencode(),
        "course": course,
        "page": page,
        "sort": sort,
        "search": search,
        "lesson_id": lesson_id,
        "lessons": _lessons(course),
        "sorts": [
            ("newest", _("Newest")),
            ("votes", _("Most votes")),
            ("unanswered", _("Unanswered")),
        ],
        "asked": {},
        **extra,
    }


@require_GET
@student_required
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    try:
        access.course_forum_check(user=request.user, course=course)
    except ApplicationError as error:
        return refused(request, error, course=course)
    context = _list_context(request, course)
    fragment = (
        "results" if request.htmx and request.htmx.target == "question-results" else "content"
    )
    return render_page(request, LIST_TEMPLATE, context, fragment=fragment)


@require_POST
@student_required
def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    lesson_value = request.POST.get("lesson", "")
    lesson = (
        Lesson.objects.filter(pk=int(lesson_value)).select_related("module").first()
        if lesson_value.isdigit()
        else None
    )
    try:
        question = forum.question_ask(
            user=request.user,
            course=course,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            lesson=lesson,
        )
    except ApplicationError as error:
        if error.status in (403, 404):
            return refused(request, error, course=course)
        # The page again with what was typed and the reasons next to the fields.
        errors = dict(error.fields) or {"form": [error.message]}
        context = _list_context(request, course, asked=request.POST, errors=errors)
        return render_page(request, LIST_TEMPLATE, context, status=error.status)
    messages.success(request, _("Your question is posted."))
    return redirect("student_pwa:question_detail", question_id=question.pk)


def _question_context(request: HttpRequest, question) -> dict:
    return {
        "question": question,
        "course": question.course,
        "answers": selectors.thread_replies(user=request.user, thread=question),
        "is_asker": question.author_id == request.user.pk,
        "xp_choices": range(forum.XP_MIN, forum.XP_MAX + 1),
        "star_choices": range(forum.STARS_MIN, forum.STARS_MAX + 1),
    }


@require_GET
@student_required
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    try:
        question = selectors.thread_get(user=request.user, thread_id=question_id)
        if question.course_id is None:
            raise access.NotVisibleError
    except ApplicationError as error:
        return refused(request, error)
    return render_page(request, QUESTION_TEMPLATE, _question_context(request, question))


@require_POST
@student_required
def answer_create(request: HttpRequest, question_id: int) -> HttpResponse:
    try:
        question = selectors.thread_get(user=request.user, thread_id=question_id)
        forum.answer_post(user=request.user, question=question, body=request.POST.get("body", ""))
    except ApplicationError as error:
        if error.status in (403, 404):
            return refused(request, error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your answer is posted."))
    return redirect("student_pwa:question_detail", question_id=question_id)


def _answer_action(request: HttpRequest, answer_id: int, act) -> HttpResponse:
    """Runs `act(answer)` for a button under an answer; for htmx answers with the refreshed
    answer card (and a toast), otherwise with the question page."""
    try:
        answer = selectors.post_get(user=request.user, post_id=answer_id)
        message = act(answer)
    except ApplicationError as error:
        return refused(request, error)
    messages.success(request, message)
    question_id = answer.thread_id
    if not request.htmx:
        return redirect("student_pwa:question_detail", question_id=question_id)
    question = selectors.thread_get(user=request.user, thread_id=question_id)
    context = _question_context(request, question)
    context["answer"] = next((a for a in context["answers"] if a.pk == answer.pk), None)
    if context["answer"] is None:  # no longer shown (a post that was flagged and hidden)
        return HttpResponse("")
    return render_page(request, QUESTION_TEMPLATE, context, fragment="answer")


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "").strip()
    try:
        return int(value)
    except ValueError:
        return None


@require_POST
@student_required
def answer_vote(request: HttpRequest, answer_id: int) -> HttpResponse:
    def act(answer: Post) -> str:
        value = _number(request, "value")
        forum.answer_vote(user=request.user, answer=answer, value=value if value else 0)
        return _("Vote saved.") if value else _("Vote taken back.")

    return _answer_action(request, answer_id, act)


@require_POST
@student_required
def answer_accept(request: HttpRequest, answer_id: int) -> HttpResponse:
    def act(answer: Post) -> str:
        xp = _number(request, "xp")
        forum.answer_accept(user=request.user, answer=answer, xp=xp or None)
        return _("Answer accepted.")

    return _answer_action(request, answer_id, act)


@require_POST
@student_required
def answer_rate(request: HttpRequest, answer_id: int) -> HttpResponse:
    def act(answer: Post) -> str:
        forum.answer_rate(user=request.user, answer=answer, stars=_number(request, "stars") or 0)
        return _("Rating saved.")

    return _answer_action(request, answer_id, act)


@require_POST
@student_required
def post_flag(request: HttpRequest, post_id: int) -> HttpResponse:
    """Flags any post; back to where it is shown (a question or a board thread)."""
    try:
        post = selectors.post_get(user=request.user, post_id=post_id)
        moderation.post_flag(user=request.user, post=post, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        return refused(request, error)
    message = _("Thanks: the moderators will look at it.")
    messages.success(request, message)
    if request.htmx:
        return HttpResponse(format_html('<span class="badge">{}</span>', _("Flagged")))
    thread = post.thread
    if thread.cohort_id:
        return redirect("student_pwa:group_thread", group_id=thread.cohort_id, thread_id=thread.pk)
    return redirect("student_pwa:question_detail", question_id=thread.pk)
