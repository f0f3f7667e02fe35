"""The question bank: a tree of categories, tags, questions and their options."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.core.html import sanitize_html

PATH_SEPARATOR = "/"


class Category(models.Model):
    """A node of the bank's tree. `path` ("Python/Basics/Loops") is the names from the root,
    kept by `save()`, so a subtree is one `path` prefix query."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(_("path"), max_length=1000, unique=True, editable=False)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="assessments_category_unique_name_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # A renamed or moved node carries its subtree along.
            for child in self.children.all():
                child.save()

    def compute_path(self) -> str:
        name = self.name.replace(PATH_SEPARATOR, "-").strip()
        return f"{self.parent.path}{PATH_SEPARATOR}{name}" if self.parent_id else name

    def subtree_filter(self, prefix: str = "") -> models.Q:
        """Q for rows of this category or below (`prefix` is the lookup path to it)."""
        return models.Q(**{f"{prefix}path": self.path}) | models.Q(
            **{f"{prefix}path__startswith": self.path + PATH_SEPARATOR}
        )


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(models.Model):
    """One question. Its text, options and explanation are rich text, sanitized on save.
    Each option carries a fraction of the mark (negative allowed); see grading.py."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    text = models.TextField(_("text"), help_text=_("Rich text; sanitized."))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown in review when the policy allows.")
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_(
            "A draft (say, written by the AI mentor) is never drawn into an attempt "
            "nor added to an assessment until a person publishes it."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__path", "pk"]
        indexes = [models.Index(fields=["category", "difficulty"])]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    def save(self, *args, **kwargs) -> None:
        self.text = sanitize_html(self.text)
        self.explanation = sanitize_html(self.explanation)
        super().save(*args, **kwargs)

    @property
    def is_single_answer(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE)


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    text = models.TextField(_("text"), help_text=_("Rich text; sanitized."))
    fraction = models.DecimalField(
        _("fraction of the mark"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("1"))],
        help_text=_("1 is the full mark, 0.5 half of it, -0.25 takes a quarter away."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs) -> None:
        self.text = sanitize_html(self.text)
        self.feedback = sanitize_html(self.feedback)
        super().save(*args, **kwargs)
