"""Flags and what moderators do with them: hide, restore, warn the author, suspend their
posting for some days. Admins moderate everything, instructors their courses' Q&A. Every
moderator's action is in the audit log (`post.hide`, `post.restore`, `member.warn`,
`member.suspend_posting`), written in its transaction."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.audit.services import audit_record
from lms.community import access
from lms.community.events import MemberWarned, PostFlagged, PostHidden, PostingSuspended
from lms.community.models import Flag, MemberWarning, Post, PostingSuspension, Thread
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import publish

MAX_SUSPENSION_DAYS = 365


def post_flag(*, user: User, post: Post, reason: str = "") -> Flag:
    """Anyone who can read the post flags it, once while the flag is open (flagging again
    returns the open flag)."""
    access.post_check(user=user, post=post)
    reason = (reason or "").strip()[:500]
    existing = Flag.objects.filter(post=post, user=user, resolved_at__isnull=True).first()
    if existing is not None:
        return existing
    thread = post.thread
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, user=user, reason=reason)
            publish(
                PostFlagged(
                    post_id=post.pk,
                    flagged_by_id=user.pk,
                    course_id=thread.course_id,
                    cohort_id=thread.cohort_id,
                )
            )
    except IntegrityError:  # flagged twice at once: one open flag
        return Flag.objects.get(post=post, user=user, resolved_at__isnull=True)
    return flag


def _moderator_check(*, moderator: User, post: Post) -> None:
    if not access.can_moderate(user=moderator, post=post):
        raise PermissionDeniedError(_("You do not moderate this post."))


def _resolve_flags(post: Post, at) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=at)


def _recount(thread_id: int) -> None:
    """A hidden answer or reply counts for nothing: not as an answer (so its question shows
    as unanswered again), nor in the question's votes."""
    shown = Post.objects.filter(thread_id=thread_id, is_opening=False, hidden_at__isnull=True)
    totals = shown.aggregate(count=Count("pk"), votes=Coalesce(Sum("score"), 0))
    Thread.objects.filter(pk=thread_id).update(
        reply_count=totals["count"], vote_total=totals["votes"]
    )


def _post_audit(
    *, moderator: User, post: Post, action: str, was_hidden: bool, flags: int, request
) -> None:
    audit_record(
        actor=moderator,
        action=action,
        target=post,
        changes={
            "hidden": [was_hidden, post.hidden_at is not None],
            "thread": post.thread_id,
            "author": post.author_id,
            "flags_resolved": flags,
        },
        request=request,
    )


def post_hide(*, moderator: User, post: Post, request: HttpRequest | None = None) -> Post:
    """Hides a post from everyone (an opening post hides its whole thread) and resolves its
    flags."""
    _post_visibility_set(moderator=moderator, post=post, hide=True, request=request)
    return post


def post_restore(*, moderator: User, post: Post, request: HttpRequest | None = None) -> Post:
    """Shows a hidden post again (or keeps a flagged one) and resolves its flags."""
    _post_visibility_set(moderator=moderator, post=post, hide=False, request=request)
    return post


def _post_visibility_set(
    *, moderator: User, post: Post, hide: bool, request: HttpRequest | None
) -> None:
    _moderator_check(moderator=moderator, post=post)
    at = timezone.now()
    was_hidden = post.hidden_at is not None
    with transaction.atomic():
        post.hidden_at, post.hidden_by = (at, moderator) if hide else (None, None)
        post.save(update_fields=["hidden_at", "hidden_by"])
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(hidden_at=post.hidden_at)
        else:
            _recount(post.thread_id)
        flags = _resolve_flags(post, at)
        _post_audit(
            moderator=moderator,
            post=post,
            action="post.hide" if hide else "post.restore",
            was_hidden=was_hidden,
            flags=flags,
            request=request,
        )
        if hide:
            publish(
                PostHidden(post_id=post.pk, author_id=post.author_id, moderator_id=moderator.pk)
            )


def member_warn(
    *, moderator: User, post: Post, message: str, request: HttpRequest | None = None
) -> MemberWarning:
    """Sends the post's author a warning (a notification) and keeps it on record."""
    _moderator_check(moderator=moderator, post=post)
    message = (message or "").strip()
    if not message:
        raise ApplicationError(_("Write the warning."), fields={"message": [_("Required.")]})
    with transaction.atomic():
        warning = MemberWarning.objects.create(
            user=post.author, post=post, message=message, by=moderator
        )
        audit_record(
            actor=moderator,
            action="member.warn",
            target=post.author,
            changes={"post": post.pk, "warning": warning.pk, "message": message},
            request=request,
        )
        publish(
            MemberWarned(
                user_id=post.author_id, post_id=post.pk, moderator_id=moderator.pk, message=message
            )
        )
    return warning


def posting_suspend(
    *,
    moderator: User,
    post: Post,
    days: int,
    reason: str = "",
    request: HttpRequest | None = None,
) -> PostingSuspension:
    """The post's author may not write in the community for `days` days (votes, ratings
    and flags stay open to them)."""
    _moderator_check(moderator=moderator, post=post)
    if not isinstance(days, int) or not 1 <= days <= MAX_SUSPENSION_DAYS:
        message = _("Suspend for 1 to %(max)d days.") % {"max": MAX_SUSPENSION_DAYS}
        raise ApplicationError(message, fields={"days": [message]})
    if post.author_id == moderator.pk:
        raise ApplicationError(_("You cannot suspend yourself."))
    until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        suspension = PostingSuspension.objects.create(
            user=post.author, until=until, reason=(reason or "").strip(), by=moderator
        )
        audit_record(
            actor=moderator,
            action="member.suspend_posting",
            target=post.author,
            changes={
                "post": post.pk,
                "suspension": suspension.pk,
                "days": days,
                "until": until,
                "reason": suspension.reason,
            },
            request=request,
        )
        publish(
            PostingSuspended(
                user_id=post.author_id, until=until.isoformat(), moderator_id=moderator.pk
            )
        )
    return suspension
