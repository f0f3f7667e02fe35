"""The AI mentor: its settings (one row), the searchable passages of lessons, people's
conversations and daily usage, and the staff's study jobs (summaries, question drafts)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorSettings(models.Model):
    """The one row of the mentor's settings (`MentorSettings.load()`). An empty base URL
    falls back to the environment (LMS_MENTOR_*); with neither, the mentor answers with
    lesson passages only. The API key is write-only: forms never show it back."""

    base_url = models.URLField(
        _("base URL"),
        blank=True,
        help_text=_(
            "Of an OpenAI-compatible API, e.g. https://api.openai.com/v1 or "
            "http://127.0.0.1:11434/v1 (Ollama). Empty: the environment's, or none."
        ),
    )
    model = models.CharField(_("model"), max_length=100, blank=True)
    api_key = models.CharField(_("API key"), max_length=500, blank=True)
    provider_name = models.CharField(
        _("provider name"),
        max_length=60,
        blank=True,
        help_text=_("Shown under answers (e.g. OpenAI, DeepSeek). Empty: the address's host."),
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=30)
    daily_messages_per_person = models.PositiveIntegerField(
        _("questions per person per day"), default=30
    )
    daily_tokens_per_person = models.PositiveIntegerField(
        _("tokens per person per day"), default=50000
    )
    staff_may_read_conversations = models.BooleanField(
        _("admins may read conversations"),
        default=False,
        help_text=_(
            "The academy's privacy setting: off, the console shows usage only (messages and "
            "tokens per day), never what people asked."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor settings")
        verbose_name_plural = _("mentor settings")

    def __str__(self) -> str:
        return str(_("Mentor settings"))

    def __repr__(self) -> str:  # never the key, even in a traceback's locals
        return f"<MentorSettings base_url={self.base_url!r} model={self.model!r}>"

    @classmethod
    def load(cls) -> "MentorSettings":
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)


class Passage(models.Model):
    """A chunk of a lesson's text, indexed for full-text search: a tsvector with a GIN index
    on PostgreSQL, the FTS5 table `mentor_passage_fts` on SQLite (lms/mentor/search.py)."""

    lesson = models.ForeignKey(
        "catalog.Lesson", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    course = models.ForeignKey(
        "catalog.Course", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    text = models.TextField()
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        # The GIN index (PostgreSQL) and the FTS5 table (SQLite) are created by the migration
        # for the database in use only: neither can be declared for both here.
        ordering = ["lesson_id", "position"]

    def __str__(self) -> str:
        return f"{self.title} #{self.position}"


class Conversation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_conversations"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["user", "-updated_at"])]

    def __str__(self) -> str:
        return self.title or str(_("Conversation %(pk)s") % {"pk": self.pk})


class MessageRole(models.TextChoices):
    USER = "user", _("Student")
    ASSISTANT = "assistant", _("Mentor")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(max_length=12, choices=MessageRole.choices)
    text = models.TextField()
    # [{"course": title, "lesson": title, "url": path}] of the passages the answer used.
    sources = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=60, blank=True)
    tokens = models.PositiveIntegerField(default=0)
    # Why the provider did not answer (timeout, provider_error, provider_busy), or "stopped".
    error = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DailyUsage(models.Model):
    """Questions asked and tokens spent by one person on one day (academy time zone); the
    daily limits are counted here, with a conditional update (exact under concurrency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    messages = models.PositiveIntegerField(_("questions"), default=0)
    tokens = models.PositiveIntegerField(_("tokens"), default=0)

    class Meta:
        verbose_name = _("mentor usage")
        verbose_name_plural = _("mentor usage")
        ordering = ["-day", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="mentor_usage_one_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class StudyJobKind(models.TextChoices):
    SUMMARY = "summary", _("Summarize the lesson")
    QUESTIONS = "questions", _("Draft questions")


class StudyJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class StudyJob(models.Model):
    """A staff tool's run on one lesson, with its progress for the console."""

    kind = models.CharField(_("kind"), max_length=12, choices=StudyJobKind.choices)
    lesson = models.ForeignKey(
        "catalog.Lesson", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StudyJobStatus.choices, default=StudyJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("study job")
        verbose_name_plural = _("study jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.lesson_id}"


class LessonSummary(models.Model):
    """A summary the model drafted for a lesson, kept for a person to review and edit."""

    lesson = models.OneToOneField(
        "catalog.Lesson", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    text = models.TextField(_("summary"))
    reviewed = models.BooleanField(
        _("reviewed"), default=False, help_text=_("A person has read and accepted it.")
    )
    generated_at = models.DateTimeField(_("drafted"))

    class Meta:
        verbose_name = _("lesson summary")
        verbose_name_plural = _("lesson summaries")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return self.text[:60]
