"""Groups in the student app: "My groups", a group's page (members, announcements, its
discussion board), a board thread with its replies, and the forms that post to them. Who
may see and write is decided by lms.community.access."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.community import access, selectors
from lms.community.services import groups
from lms.core.errors import ApplicationError
from student_pwa.decorators import student_required
from student_pwa.views.community_forum import refused
from student_pwa.views.shared import render_page

PAGE_SIZE = 20


@require_GET
@student_required
def my_groups(request: HttpRequest) -> HttpResponse:
    context = {"groups": selectors.my_groups(user=request.user)[:200]}
    return render_page(request, "student_pwa/community/my_groups.html", context)


@require_GET
@student_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    try:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
    except ApplicationError as error:
        return refused(request, error)
    threads = Paginator(selectors.group_threads(cohort=cohort), PAGE_SIZE)
    context = {
        "group": cohort,
        "members": selectors.group_members(cohort=cohort)[:200],
        "announcements": selectors.group_announcements(cohort=cohort)[:10],
        "threads": threads.get_page(request.GET.get("page")),
        "can_announce": access.can_announce(user=request.user, cohort=cohort),
    }
    return render_page(request, "student_pwa/community/group.html", context)


@require_POST
@student_required
def announcement_create(request: HttpRequest, group_id: int) -> HttpResponse:
    try:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        groups.announcement_post(
            user=request.user,
            cohort=cohort,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ApplicationError as error:
        if error.status in (403, 404):
            return refused(request, error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Announcement posted; the members are being told."))
    return redirect("student_pwa:group_detail", group_id=group_id)


@require_POST
@student_required
def thread_create(request: HttpRequest, group_id: int) -> HttpResponse:
    try:
        cohort = selectors.group_get(user=request.user, group_id=group_id)
        thread = groups.thread_start(
            user=request.user,
            cohort=cohort,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ApplicationError as error:
        if error.status in (403, 404):
            return refused(request, error)
        messages.error(request, error.message)
        return redirect("student_pwa:group_detail", group_id=group_id)
    messages.success(request, _("Discussion started."))
    return redirect("student_pwa:group_thread", group_id=group_id, thread_id=thread.pk)


def _thread(request: HttpRequest, group_id: int, thread_id: int):
    cohort = selectors.group_get(user=request.user, group_id=group_id)
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    if thread.cohort_id != cohort.pk:
        raise access.NotVisibleError
    return cohort, thread


@require_GET
@student_required
def thread_detail(request: HttpRequest, group_id: int, thread_id: int) -> HttpResponse:
    try:
        cohort, thread = _thread(request, group_id, thread_id)
    except ApplicationError as error:
        return refused(request, error)
    replies = Paginator(selectors.thread_replies(user=request.user, thread=thread), 50)
    context = {
        "group": cohort,
        "thread": thread,
        "replies": replies.get_page(request.GET.get("page")),
    }
    return render_page(request, "student_pwa/community/thread.html", context)


@require_POST
@student_required
def reply_create(request: HttpRequest, group_id: int, thread_id: int) -> HttpResponse:
    try:
        _cohort, thread = _thread(request, group_id, thread_id)
        groups.thread_reply(user=request.user, thread=thread, body=request.POST.get("body", ""))
    except ApplicationError as error:
        if error.status in (403, 404):
            return refused(request, error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Reply posted."))
    return redirect("student_pwa:group_thread", group_id=group_id, thread_id=thread_id)
