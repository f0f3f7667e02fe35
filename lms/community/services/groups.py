"""Group pages: announcements by staff, and the discussion board's threads and replies."""

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, User
from lms.community import access
from lms.community.events import AnnouncementPosted, ThreadReplied, ThreadStarted
from lms.community.models import Announcement, Post, Thread, ThreadKind
from lms.community.services.posting import author_check, clean_body, clean_title, reply_add
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import publish


def announcement_post(*, user: User, cohort: Cohort, title: str, body: str) -> Announcement:
    """Admins (any group) and instructors who teach the group post; every member is told
    through AnnouncementPosted (notifications fan it out)."""
    access.group_check(user=user, cohort=cohort)
    if not access.can_announce(user=user, cohort=cohort):
        raise PermissionDeniedError(_("Only the group's staff can post announcements."))
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            cohort=cohort, author=user, title=title, body=body
        )
        publish(
            AnnouncementPosted(
                announcement_id=announcement.pk, cohort_id=cohort.pk, author_id=user.pk
            )
        )
    return announcement


def thread_start(*, user: User, cohort: Cohort, title: str, body: str) -> Thread:
    """A new topic on the group's board, by anyone who may open the group's page."""
    access.group_check(user=user, cohort=cohort)
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        author_check(user=user)
        thread = Thread.objects.create(
            kind=ThreadKind.BOARD, cohort=cohort, author=user, title=title
        )
        Post.objects.create(thread=thread, author=user, is_opening=True, body=body)
        publish(ThreadStarted(thread_id=thread.pk, cohort_id=cohort.pk, author_id=user.pk))
    return thread


def thread_reply(*, user: User, thread: Thread, body: str) -> Post:
    if thread.kind != ThreadKind.BOARD:
        raise ApplicationError(_("Answer questions with an answer, not a reply."))
    access.thread_check(user=user, thread=thread)
    body = clean_body(body)
    with transaction.atomic():
        author_check(user=user)
        post = reply_add(user=user, thread=thread, body=body)
        publish(
            ThreadReplied(
                thread_id=thread.pk,
                post_id=post.pk,
                cohort_id=thread.cohort_id,
                author_id=user.pk,
                thread_author_id=thread.author_id,
            )
        )
    return post
