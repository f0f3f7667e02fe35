"""What every piece of writing goes through: its body sanitized and bounded, the author not
suspended, and the author's hourly budget of posts (DB counters, lms/accounts/limits.py)."""

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lms.accounts.limits import Limit, limit_seconds_left, limit_take
from lms.accounts.models import User
from lms.community.models import Post, PostingSuspension, Thread
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.html import sanitize_html


class PostingLimitError(ApplicationError):
    """The hourly budget is spent; `retry_after` is in seconds (the API's Retry-After)."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def posts_per_hour() -> Limit:
    return Limit("community-post", settings.LMS_COMMUNITY_POSTS_PER_HOUR, 3600)


def clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Write a title."), fields={"title": [_("Write a title.")]})
    if len(title) > 200:
        message = _("A title has at most 200 characters.")
        raise ApplicationError(message, fields={"title": [message]})
    return title


def clean_body(body: str) -> str:
    """The body as stored: sanitized HTML, not empty, not longer than the setting."""
    if len(body or "") > settings.LMS_COMMUNITY_POST_MAX_CHARS:
        message = _("A post has at most %(count)d characters.") % {
            "count": settings.LMS_COMMUNITY_POST_MAX_CHARS
        }
        raise ApplicationError(message, fields={"body": [message]})
    cleaned = sanitize_html(body or "").strip()
    if not strip_tags(cleaned).strip() and "<img" not in cleaned:
        raise ApplicationError(
            _("Write something first."), fields={"body": [_("Write something.")]}
        )
    return cleaned


def suspension_check(*, user: User) -> None:
    suspension = (
        PostingSuspension.objects.filter(user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )
    if suspension is not None:
        until = timezone.localtime(suspension.until).strftime("%Y-%m-%d %H:%M")
        raise PermissionDeniedError(
            _("A moderator suspended your posting until %(until)s.") % {"until": until},
            code="posting_suspended",
        )


def posting_budget_take(*, user: User) -> None:
    """Spend one post of the author's hourly budget (call inside the service's transaction,
    so a post that fails afterwards gives it back)."""
    limit = posts_per_hour()
    if limit_take(limit=limit, key=f"user:{user.pk}") is None:
        seconds = limit_seconds_left(limit=limit)
        raise PostingLimitError(
            _("You have posted a lot in the last hour. Try again in %(minutes)d minutes.")
            % {"minutes": max(1, seconds // 60)},
            retry_after=seconds,
        )


def author_check(*, user: User) -> None:
    suspension_check(user=user)
    posting_budget_take(user=user)


def reply_add(*, user: User, thread: Thread, body: str) -> Post:
    """A reply (a board reply or a question's answer) under its thread, counted on the thread
    and moving its last activity; inside the caller's transaction, after `author_check`."""
    post = Post.objects.create(thread=thread, author=user, body=body)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=timezone.now()
    )
    return post
