"""A course's Q&A: questions (optionally on a lesson), answers, votes, acceptance with XP and
star ratings. Counters are recomputed from the rows with the answer's row locked, so two
people voting at once still leave exact numbers; the unique constraints make one vote and
one rating per person whatever happens."""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.catalog.models import Course, Lesson
from lms.community import access
from lms.community.events import AnswerAccepted, QuestionAnswered, QuestionAsked
from lms.community.models import Post, Rating, Thread, ThreadKind, Vote
from lms.community.services.posting import author_check, clean_body, clean_title, reply_add
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import publish

XP_MIN, XP_MAX = 1, 10
STARS_MIN, STARS_MAX = 1, 5


def question_ask(
    *, user: User, course: Course, title: str, body: str, lesson: Lesson | None = None
) -> Thread:
    access.course_forum_check(user=user, course=course)
    if lesson is not None and lesson.module.course_id != course.pk:
        raise ApplicationError(
            _("That lesson is not part of this course."),
            fields={"lesson": [_("Pick a lesson of this course.")]},
        )
    title, body = clean_title(title), clean_body(body)
    with transaction.atomic():
        author_check(user=user)
        question = Thread.objects.create(
            kind=ThreadKind.QUESTION, course=course, lesson=lesson, author=user, title=title
        )
        Post.objects.create(thread=question, author=user, is_opening=True, body=body)
        publish(
            QuestionAsked(
                question_id=question.pk,
                course_id=course.pk,
                lesson_id=lesson.pk if lesson else None,
                author_id=user.pk,
            )
        )
    return question


def answer_post(*, user: User, question: Thread, body: str) -> Post:
    if question.kind != ThreadKind.QUESTION:
        raise ApplicationError(_("Reply to a discussion with a reply, not an answer."))
    access.thread_check(user=user, thread=question)
    body = clean_body(body)
    with transaction.atomic():
        author_check(user=user)
        answer = reply_add(user=user, thread=question, body=body)
        publish(
            QuestionAnswered(
                question_id=question.pk,
                answer_id=answer.pk,
                course_id=question.course_id,
                author_id=user.pk,
                asker_id=question.author_id,
            )
        )
    return answer


def _answer_check(*, user: User, answer: Post) -> None:
    access.post_check(user=user, post=answer)
    if answer.is_opening or answer.thread.kind != ThreadKind.QUESTION:
        raise ApplicationError(_("Only answers to a question can be voted, rated or accepted."))


def _locked(answer: Post) -> Post:
    return Post.objects.select_for_update().get(pk=answer.pk)


def answer_vote(*, user: User, answer: Post, value: int) -> Post:
    """Up (1), down (-1) or take back (0) one's vote. Voting again changes the vote, never
    adds one. Returns the answer with its exact counts."""
    if value not in (1, -1, 0):
        raise ApplicationError(_("A vote is 1, -1 or 0."), fields={"value": [_("1, -1 or 0.")]})
    _answer_check(user=user, answer=answer)
    if answer.author_id == user.pk:
        raise PermissionDeniedError(_("You cannot vote on your own answer."))
    with transaction.atomic():
        locked = _locked(answer)
        if value == 0:
            Vote.objects.filter(post=locked, user=user).delete()
        else:
            Vote.objects.update_or_create(
                post=locked, user=user, defaults={"value": value, "updated_at": timezone.now()}
            )
        counts = Vote.objects.filter(post=locked).aggregate(
            up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
        )
        locked.upvotes, locked.downvotes = counts["up"], counts["down"]
        locked.score = counts["up"] - counts["down"]
        locked.save(update_fields=["upvotes", "downvotes", "score"])
        total = Post.objects.filter(
            thread_id=locked.thread_id, is_opening=False, hidden_at__isnull=True
        ).aggregate(total=Coalesce(Sum("score"), 0))["total"]
        Thread.objects.filter(pk=locked.thread_id).update(vote_total=total)
    return locked


def answer_accept(*, user: User, answer: Post, xp: int | None = None) -> Post:
    """The asker accepts one answer (once per question), optionally awarding it 1–10 XP,
    stored on the answer and told through AnswerAccepted."""
    if xp is not None and not XP_MIN <= xp <= XP_MAX:
        message = _("Award between %(low)d and %(high)d XP, or none.") % {
            "low": XP_MIN,
            "high": XP_MAX,
        }
        raise ApplicationError(message, fields={"xp": [message]})
    _answer_check(user=user, answer=answer)
    question = answer.thread
    if question.author_id != user.pk:
        raise PermissionDeniedError(_("Only the person who asked can accept an answer."))
    if answer.author_id == user.pk:
        raise PermissionDeniedError(_("You cannot accept your own answer."))
    with transaction.atomic():
        locked_question = Thread.objects.select_for_update().get(pk=question.pk)
        if locked_question.accepted_post_id is not None:
            raise ConflictError(_("This question already has an accepted answer."))
        locked = _locked(answer)
        locked.accepted_at = timezone.now()
        locked.xp_awarded = xp
        locked.save(update_fields=["accepted_at", "xp_awarded"])
        locked_question.accepted_post = locked
        locked_question.save(update_fields=["accepted_post"])
        publish(
            AnswerAccepted(
                question_id=question.pk,
                answer_id=locked.pk,
                course_id=question.course_id,
                answer_author_id=locked.author_id,
                accepted_by_id=user.pk,
                xp=xp or 0,
            )
        )
    return locked


def answer_rate(*, user: User, answer: Post, stars: int) -> Post:
    """One rating of 1–5 stars per person, changeable; the answer keeps the exact count and
    total (its average is total / count)."""
    if not isinstance(stars, int) or not STARS_MIN <= stars <= STARS_MAX:
        message = _("Rate from 1 to 5 stars.")
        raise ApplicationError(message, fields={"stars": [message]})
    _answer_check(user=user, answer=answer)
    if answer.author_id == user.pk:
        raise PermissionDeniedError(_("You cannot rate your own answer."))
    with transaction.atomic():
        locked = _locked(answer)
        Rating.objects.update_or_create(
            post=locked, user=user, defaults={"stars": stars, "updated_at": timezone.now()}
        )
        totals = Rating.objects.filter(post=locked).aggregate(
            count=Count("pk"), total=Coalesce(Sum("stars"), 0)
        )
        locked.rating_count, locked.rating_total = totals["count"], totals["total"]
        locked.save(update_fields=["rating_count", "rating_total"])
    return locked
