"""Discussions. A Thread is a group board's topic or a course's question; its Posts are the
opening text (`is_opening`), then the replies or answers. Every post can be flagged (one id
space for `/posts/{id}/flag`); answers carry votes, star ratings and acceptance.

The counters on a post (up, down, score, ratings) and on a thread (answers, votes) are
recomputed from the rows under a row lock by the services, so they stay exact."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    BOARD = "board", _("Group discussion")
    QUESTION = "question", _("Course question")


class Thread(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ThreadKind.choices)
    cohort = models.ForeignKey(
        "accounts.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
    )
    course = models.ForeignKey(
        "catalog.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    lesson = models.ForeignKey(
        "catalog.Lesson", on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_threads"
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=now)
    last_activity_at = models.DateTimeField(_("last activity"), default=now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    vote_total = models.IntegerField(_("votes"), default=0, help_text=_("Sum of answer scores."))
    accepted_post = models.OneToOneField(
        "community.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_for",
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="board", cohort__isnull=False, course__isnull=True))
                | (Q(kind="question", course__isnull=False, cohort__isnull=True)),
                name="community_thread_has_one_place",
            )
        ]
        indexes = [
            models.Index(fields=["course", "-created_at"]),
            models.Index(fields=["cohort", "-last_activity_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_posts"
    )
    is_opening = models.BooleanField(_("opening post"), default=False)
    body = models.TextField(_("body"), help_text=_("Sanitized HTML."))
    created_at = models.DateTimeField(_("created"), default=now)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.IntegerField(_("score"), default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    xp_awarded = models.PositiveSmallIntegerField(
        _("XP awarded"),
        null=True,
        blank=True,
        help_text=_("Given by the asker on acceptance (1–10); the points ledger reads it."),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_opening=True),
                name="community_one_opening_post",
            ),
            models.CheckConstraint(
                condition=Q(xp_awarded__isnull=True) | Q(xp_awarded__gte=1, xp_awarded__lte=10),
                name="community_xp_1_to_10",
            ),
        ]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} in {self.thread}"

    @property
    def rating_average(self) -> float | None:
        return round(self.rating_total / self.rating_count, 2) if self.rating_count else None


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="community_vote_once"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="community_vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on #{self.post_id}"


class Rating(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="community_rating_once"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="community_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ on #{self.post_id}"


class FlaggedPost(Post):
    """The moderation queue: posts with open flags (a proxy, for the console's list)."""

    class Meta:
        proxy = True
        verbose_name = _("flagged post")
        verbose_name_plural = _("moderation queue")
