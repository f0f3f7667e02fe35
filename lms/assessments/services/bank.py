"""Authoring the question bank: categories by path, questions with their options (checked
by one rule set, shared with the importers), duplicating, and all-or-nothing imports."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.models import (
    PATH_SEPARATOR,
    Category,
    Difficulty,
    Option,
    Question,
    QuestionKind,
    Tag,
)
from lms.audit.services import audit_record
from lms.core.errors import ApplicationError
from lms.core.html import sanitize_html

FRACTION_TOLERANCE = Decimal("0.0001")  # 33.333 % three times is a full mark


@dataclass
class OptionData:
    text: str
    fraction: Decimal
    feedback: str = ""


@dataclass
class QuestionData:
    """A question before it is saved: what an importer parsed, or what a form sent.
    `category` is a path below the category chosen for the import ("" is that category)."""

    kind: str
    text: str
    options: list[OptionData]
    title: str = ""
    explanation: str = ""
    difficulty: int = Difficulty.MEDIUM
    tags: list[str] = field(default_factory=list)
    category: str = ""
    line: int = 0

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "title": self.title,
            "kind": self.kind,
            "text": self.text,
            "category": self.category,
            "difficulty": self.difficulty,
            "tags": self.tags,
            "explanation": self.explanation,
            "options": [
                {"text": o.text, "fraction": str(o.fraction), "feedback": o.feedback}
                for o in self.options
            ],
        }


def question_problems(data: QuestionData) -> list[str]:
    """What is wrong with a question, in words for its author (empty when it is fine)."""
    problems = []
    if data.kind not in QuestionKind.values:
        return [_("Unknown kind “%(kind)s”.") % {"kind": data.kind}]
    if not data.text.strip():
        problems.append(_("The question has no text."))
    if data.difficulty not in Difficulty.values:
        problems.append(_("Difficulty is 1 (easy), 2 (medium) or 3 (hard)."))
    options = data.options
    if len(options) < 2:
        problems.append(_("A question needs at least two options."))
    if any(not option.text.strip() for option in options):
        problems.append(_("An option has no text."))
    if any(not (-1 <= option.fraction <= 1) for option in options):
        problems.append(_("Option fractions lie between -100 % and 100 %."))
    best = max((option.fraction for option in options), default=Decimal("0"))
    if data.kind == QuestionKind.TRUE_FALSE and len(options) != 2:
        problems.append(_("A true/false question has exactly two options."))
    if data.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        if abs(best - 1) > FRACTION_TOLERANCE:
            problems.append(_("One option must be worth the full mark (100 %)."))
    elif data.kind == QuestionKind.MULTIPLE:
        positive = sum((o.fraction for o in options if o.fraction > 0), Decimal("0"))
        if abs(positive - 1) > FRACTION_TOLERANCE:
            problems.append(
                _(
                    "The right options of a multiple-choice question add up to 100 %% (now %(p)s %%)."
                )
                % {"p": f"{(positive * 100).normalize():f}"}
            )
    return problems


def category_get_or_create(*, path: str, parent: Category | None = None) -> Category:
    """The category at `path` ("Python/Basics") below `parent` (the root when None),
    created with any missing ancestors."""
    category = parent
    for name in (part.strip() for part in path.split(PATH_SEPARATOR)):
        if not name:
            continue
        category, _created = Category.objects.get_or_create(parent=category, name=name)
    if category is None:
        raise ApplicationError(
            _("Choose a category."), code="invalid", fields={"category": [_("Required.")]}
        )
    return category


def _tags_get(names: set[str]) -> dict[str, Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    return {tag.name: tag for tag in Tag.objects.filter(name__in=names)}


def _questions_write(
    *, items: list[tuple[Category, QuestionData]], created_by: User | None, is_draft: bool = False
) -> list[Question]:
    """Bulk-create checked questions, their options and tags (sanitized here, as
    bulk_create skips `save()`)."""
    questions = Question.objects.bulk_create(
        Question(
            category=category,
            title=data.title[:200],
            kind=data.kind,
            text=sanitize_html(data.text),
            explanation=sanitize_html(data.explanation),
            difficulty=data.difficulty,
            created_by=created_by,
            is_draft=is_draft,
        )
        for category, data in items
    )
    Option.objects.bulk_create(
        Option(
            question=question,
            text=sanitize_html(option.text),
            fraction=option.fraction,
            feedback=sanitize_html(option.feedback),
            position=position,
        )
        for question, (_category, data) in zip(questions, items, strict=True)
        for position, option in enumerate(data.options, start=1)
    )
    names = {name for _category, data in items for name in data.tags}
    if names:
        tags = _tags_get(names)
        Question.tags.through.objects.bulk_create(
            Question.tags.through(question_id=question.pk, tag_id=tags[name].pk)
            for question, (_category, data) in zip(questions, items, strict=True)
            for name in dict.fromkeys(data.tags)
        )
    return questions


@transaction.atomic
def question_create(
    *,
    category: Category,
    data: QuestionData,
    created_by: User | None = None,
    is_draft: bool = False,
) -> Question:
    """A checked question; a draft (`is_draft`) stays out of attempts and assessments until
    `questions_publish`."""
    problems = question_problems(data)
    if problems:
        raise ApplicationError(" ".join(problems), code="invalid")
    return _questions_write(items=[(category, data)], created_by=created_by, is_draft=is_draft)[0]


@transaction.atomic
def questions_publish(*, question_ids: list[int]) -> int:
    """Make draft questions usable in assessments; answers how many were drafts."""
    return Question.objects.filter(pk__in=question_ids, is_draft=True).update(is_draft=False)


@transaction.atomic
def question_duplicate(*, question: Question, created_by: User | None = None) -> Question:
    """A copy of `question` in the same category, titled as a copy, with its options and
    tags; attempts and assessments keep pointing at the original."""
    options = list(question.options.all())
    tags = list(question.tags.all())
    copy = Question.objects.create(
        category=question.category,
        title=(_("Copy of %(title)s") % {"title": question.title or question.pk})[:200],
        kind=question.kind,
        text=question.text,
        explanation=question.explanation,
        difficulty=question.difficulty,
        created_by=created_by,
    )
    Option.objects.bulk_create(
        Option(
            question=copy,
            text=option.text,
            fraction=option.fraction,
            feedback=option.feedback,
            position=option.position,
        )
        for option in options
    )
    copy.tags.set(tags)
    return copy


@transaction.atomic
def questions_import(
    *, category: Category, questions: list[QuestionData], created_by: User | None = None
) -> list[Question]:
    """Save parsed questions below `category`, all or nothing: any question with a problem
    refuses the whole import (the preview lists them first)."""
    errors = [
        {"line": data.line, "message": problem}
        for data in questions
        for problem in question_problems(data)
    ]
    if errors:
        raise ApplicationError(
            _("Nothing was imported: %(n)s problems.") % {"n": len(errors)},
            code="import_invalid",
            fields={"questions": [f"{e['line']}: {e['message']}" for e in errors]},
        )
    categories: dict[str, Category] = {}
    items = []
    for data in questions:
        if data.category not in categories:
            categories[data.category] = (
                category_get_or_create(path=data.category, parent=category)
                if data.category
                else category
            )
        items.append((categories[data.category], data))
    saved = _questions_write(items=items, created_by=created_by)
    audit_record(
        actor=created_by,
        action="questions.import",
        target=category,
        changes={"imported": len(saved), "questions": [question.pk for question in saved]},
    )
    return saved
