"""What a course is: Course → Module → Lesson → Task (the roadmap), its files and authors."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.core.files import UploadValidator, stored_name

MAX_VIDEO_BYTES = 2 * 1024 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_SUBTITLE_BYTES = 2 * 1024 * 1024
MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class EnrollmentMode(models.TextChoices):
    COUPON_ONLY = "coupon_only", _("Coupon only")
    PAID = "paid", pgettext_lazy("price", "Paid")
    FREE = "free", _("Free")


class CourseLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class TaskKind(models.TextChoices):
    WATCH = "watch", _("Watch")
    READ = "read", _("Read")
    QUIZ = "quiz", _("Quiz")
    EXAM = "exam", _("Exam")
    ASSIGNMENT = "assignment", _("Assignment")
    DAILY_WORK = "daily_work", _("Daily work")
    PRACTICE = "practice", _("Practice")


# Tasks a student completes by saying so ("mark as done"); the others are completed by the
# context that grades them (quizzes, exams, assignments; daily work by a day's entry).
SELF_COMPLETED_KINDS = {TaskKind.WATCH, TaskKind.READ, TaskKind.PRACTICE}


def thumbnail_path(instance: "Course", filename: str) -> str:
    return stored_name("public/course-thumbnails", filename)


def lesson_file_path(instance, filename: str) -> str:
    """Private storage, a generated name per upload, grouped by course."""
    lesson = instance if isinstance(instance, Lesson) else instance.lesson
    return stored_name(f"private/courses/{lesson.module.course_id}", filename)


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Rich text; sanitized.")
    )
    domain = models.CharField(
        _("domain"), max_length=100, blank=True, help_text=_("Category, e.g. Web development.")
    )
    level = models.CharField(
        _("level"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.BEGINNER
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=thumbnail_path,
        blank=True,
        validators=[
            UploadValidator(
                extensions=["jpg", "jpeg", "png", "webp"], max_bytes=MAX_THUMBNAIL_BYTES
            )
        ],
    )
    # Widths of the WebP copies made from the thumbnail (lms/catalog/thumbnails.py), e.g.
    # [320, 640, 1280]; empty until they are made.
    thumbnail_sizes = models.JSONField(
        _("thumbnail sizes"), default=list, blank=True, editable=False
    )
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="INR")
    enrollment_mode = models.CharField(
        _("enrollment"),
        max_length=20,
        choices=EnrollmentMode.choices,
        default=EnrollmentMode.COUPON_ONLY,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="courses_taught",
        blank=True,
        limit_choices_to={"role": "instructor"},
        verbose_name=_("instructors"),
    )
    review_feedback = models.TextField(_("review feedback"), blank=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["status", "domain"]),
            models.Index(fields=["status", "level"]),
            models.Index(fields=["status", "price"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("student_pwa:course_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    free_order = models.BooleanField(
        _("free order"),
        default=False,
        help_text=_("Lessons of this module can be taken in any order."),
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Rich text; sanitized."))
    video_file = models.FileField(
        _("video file"),
        upload_to=lesson_file_path,
        blank=True,
        validators=[
            UploadValidator(extensions=["mp4", "webm", "m4v", "mov"], max_bytes=MAX_VIDEO_BYTES)
        ],
    )
    video_url = models.URLField(
        _("video URL"), blank=True, help_text=_("Instead of a file: an external video.")
    )
    subtitles = models.FileField(
        _("subtitles (WebVTT)"),
        upload_to=lesson_file_path,
        blank=True,
        validators=[UploadValidator(extensions=["vtt"], max_bytes=MAX_SUBTITLE_BYTES)],
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=0)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class LessonDocument(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=lesson_file_path,
        validators=[
            UploadValidator(
                extensions=[
                    "pdf",
                    "pptx",
                    "ppt",
                    "docx",
                    "doc",
                    "xlsx",
                    "txt",
                    "md",
                    "csv",
                    "zip",
                    "png",
                    "jpg",
                    "jpeg",
                ],
                max_bytes=MAX_DOCUMENT_BYTES,
            )
        ],
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """One step of a lesson. Quizzes, exams and assignments get nullable foreign keys here
    when their contexts arrive; `kind` says which one applies."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    instructions = models.TextField(
        _("instructions"), blank=True, help_text=_("What the student does; rich text, sanitized.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=TaskKind.choices, default=TaskKind.READ
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_self_completed(self) -> bool:
        return self.kind in SELF_COMPLETED_KINDS


class InstructorApplication(models.Model):
    """A learner asking to teach; an admin approves (the role changes) or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_applications"
    )
    expertise = models.CharField(_("expertise"), max_length=200)
    motivation = models.TextField(_("why you want to teach"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(default=now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instructor application")
        verbose_name_plural = _("instructor applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"
