"""Reads of the community context. Lists are querysets with what they show joined in
(author, lesson), so a page of any length costs the same few queries."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery

from lms.accounts.models import Cohort, CohortMembership, User
from lms.catalog.models import Course
from lms.community import access
from lms.community.models import Announcement, Flag, Post, Rating, Thread, ThreadKind, Vote

SORTS = ("newest", "votes", "unanswered")


def _search(questions: QuerySet[Thread], text: str) -> QuerySet[Thread]:
    """PostgreSQL full-text search over the title and the question's text; on SQLite a
    case-insensitive substring match."""
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch")
        matching = (
            Post.objects.filter(is_opening=True, thread__in=questions)
            .annotate(document=SearchVector("thread__title", weight="A") + SearchVector("body"))
            .filter(document=query)
            .values("thread_id")
        )
        return questions.filter(pk__in=matching)
    opening = Post.objects.filter(thread=OuterRef("pk"), is_opening=True, body__icontains=text)
    return questions.filter(Q(title__icontains=text) | Q(Exists(opening)))


def question_list(
    *,
    user: User,
    course: Course,
    search: str = "",
    sort: str = "newest",
    lesson_id: int | None = None,
) -> QuerySet[Thread]:
    """The course's visible questions (the caller checked access). `sort`: newest first,
    most votes (sum of the answers' scores) first, or unanswered only (newest first)."""
    questions = Thread.objects.filter(
        kind=ThreadKind.QUESTION, course=course, hidden_at__isnull=True
    ).select_related("author", "lesson")
    if lesson_id is not None:
        questions = questions.filter(lesson_id=lesson_id)
    if search.strip():
        questions = _search(questions, search.strip())
    if sort == "votes":
        return questions.order_by("-vote_total", "-created_at", "-pk")
    if sort == "unanswered":
        questions = questions.filter(reply_count=0)
    return questions.order_by("-created_at", "-pk")


def thread_get(*, user: User, thread_id: int) -> Thread:
    """A question or board topic the person may read, with its opening post as
    `opening` (404 otherwise)."""
    thread = (
        Thread.objects.select_related("author", "course", "cohort", "lesson")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise access.NotVisibleError
    access.thread_check(user=user, thread=thread)
    thread.opening = (
        Post.objects.select_related("author").filter(thread=thread, is_opening=True).first()
    )
    return thread


def thread_replies(*, user: User, thread: Thread) -> QuerySet[Post]:
    """The visible answers or replies. Answers: the accepted one first, then by score; each
    with the person's own vote and stars (`my_vote`, `my_stars`, 0 when none)."""
    posts = Post.objects.filter(
        thread=thread, is_opening=False, hidden_at__isnull=True
    ).select_related("author")
    if thread.kind != ThreadKind.QUESTION:
        return posts.order_by("created_at", "pk")
    mine = {"post": OuterRef("pk"), "user": user.pk}
    return posts.annotate(
        my_vote=Subquery(Vote.objects.filter(**mine).values("value")[:1], IntegerField()),
        my_stars=Subquery(Rating.objects.filter(**mine).values("stars")[:1], IntegerField()),
    ).order_by("accepted_at", "-score", "created_at", "pk")


def post_get(*, user: User, post_id: int) -> Post:
    """A post the person may read (404 otherwise)."""
    post = (
        Post.objects.select_related("thread__course", "thread__cohort").filter(pk=post_id).first()
    )
    if post is None:
        raise access.NotVisibleError
    access.post_check(user=user, post=post)
    return post


def my_groups(*, user: User) -> QuerySet[Cohort]:
    return (
        access.groups_for(user=user)
        .annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
    )


def group_get(*, user: User, group_id: int) -> Cohort:
    cohort = Cohort.objects.filter(pk=group_id).first()
    if cohort is None:
        raise access.NotVisibleError
    access.group_check(user=user, cohort=cohort)
    return cohort


def group_members(*, cohort: Cohort) -> QuerySet[User]:
    return User.objects.filter(
        Exists(CohortMembership.objects.filter(cohort=cohort, user=OuterRef("pk"))),
        is_active=True,
    ).order_by("full_name", "pk")


def group_announcements(*, cohort: Cohort) -> QuerySet[Announcement]:
    return Announcement.objects.filter(cohort=cohort).select_related("author")


def group_threads(*, cohort: Cohort) -> QuerySet[Thread]:
    return (
        Thread.objects.filter(kind=ThreadKind.BOARD, cohort=cohort, hidden_at__isnull=True)
        .select_related("author")
        .order_by("-last_activity_at", "-pk")
    )


def moderation_queue(*, user: User) -> QuerySet[Post]:
    """Posts with open flags that the person moderates, most flagged first."""
    scope = access.moderated_posts_filter(user=user)
    if scope is None:
        return Post.objects.none()
    open_flags = Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    return Post.objects.filter(scope).filter(Exists(open_flags)).distinct()


def moderated_posts(*, user: User) -> QuerySet[Post]:
    scope = access.moderated_posts_filter(user=user)
    if scope is None:
        return Post.objects.none()
    return Post.objects.filter(scope).distinct()
