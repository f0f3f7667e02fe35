"""Staff study tools on one lesson, run as Huey jobs with progress: "summarize this lesson"
(a draft summary kept for review) and "draft questions" (unpublished drafts in the
assessments question bank, created through its services)."""

import json
import logging
import re
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.models import QuestionKind
from lms.assessments.services.bank import (
    OptionData,
    QuestionData,
    category_get_or_create,
    question_create,
)
from lms.catalog.models import Lesson
from lms.catalog.services import course_can_edit
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.mentor import provider as providers
from lms.mentor.models import LessonSummary, StudyJob, StudyJobKind, StudyJobStatus
from lms.mentor.prompts import questions_messages, summary_messages
from lms.mentor.search import lesson_plain_text

logger = logging.getLogger(__name__)
QUESTIONS_PER_LESSON = 5
DRAFTS_CATEGORY = "AI drafts"


@transaction.atomic
def study_job_queue(*, kind: str, lesson: Lesson, requested_by: User) -> StudyJob:
    """Queue a study tool on `lesson` for someone who may edit its course."""
    if not course_can_edit(user=requested_by, course=lesson.module.course):
        raise PermissionDeniedError(
            _("You can only change courses you teach."), code="not_course_instructor"
        )
    if kind not in StudyJobKind.values:
        raise ApplicationError(_("Unknown study tool."), code="invalid")
    if not lesson.body.strip():
        raise ApplicationError(_("This lesson has no text to work from."), code="empty_lesson")
    job = StudyJob.objects.create(kind=kind, lesson=lesson, requested_by=requested_by)
    from lms.mentor.tasks import study_job_run  # the task module imports this one

    transaction.on_commit(lambda: study_job_run(job.pk))
    return job


def _progress(job: StudyJob, percent: int, status: str = StudyJobStatus.RUNNING, message=""):
    job.progress, job.status, job.message = percent, status, str(message)[:300]
    if status in (StudyJobStatus.DONE, StudyJobStatus.FAILED):
        job.finished_at = timezone.now()
    job.save(update_fields=["progress", "status", "message", "finished_at"])


def study_job_run(*, job_id: int) -> StudyJob:
    """Run a queued job; whatever happens, it ends done or failed with a message."""
    job = StudyJob.objects.select_related("lesson__module__course", "requested_by").get(pk=job_id)
    _progress(job, 5)
    config = providers.config_get()
    if config is None:
        _progress(job, 100, StudyJobStatus.FAILED, _("AI answers are not configured."))
        return job
    runner: Callable = _summarize if job.kind == StudyJobKind.SUMMARY else _draft_questions
    try:
        message = runner(job, config)
    except providers.ProviderError as error:
        _progress(job, 100, StudyJobStatus.FAILED, error.message)
    except Exception:
        logger.exception("Study job %s failed", job.pk)
        _progress(job, 100, StudyJobStatus.FAILED, _("The job failed; see the server log."))
    else:
        _progress(job, 100, StudyJobStatus.DONE, message)
    return job


def _summarize(job: StudyJob, config: providers.ProviderConfig) -> str:
    lesson = job.lesson
    _progress(job, 20)
    completion = providers.chat(
        config, summary_messages(title=lesson.title, text=lesson_plain_text(lesson.body))
    )
    _progress(job, 80)
    LessonSummary.objects.update_or_create(
        lesson=lesson,
        defaults={
            "text": completion.text.strip(),
            "reviewed": False,
            "generated_at": timezone.now(),
        },
    )
    return _("Summary drafted; review it under Lesson summaries.")


def drafted_questions_parse(text: str) -> list[QuestionData]:
    """The model's JSON list as question data (a ```json fence is tolerated); items that are
    not questions are left out."""
    text = re.sub(r"^\s*```(?:json)?|```\s*$", "", text.strip())
    try:
        items = json.loads(text)
    except ValueError:
        raise providers.ProviderError(
            "provider_error", _("The AI service did not answer with questions.")
        ) from None
    if isinstance(items, dict):
        items = items.get("questions", [])
    drafts = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("options"), list):
            continue
        options = [
            OptionData(
                text=str(option.get("text", "")),
                fraction=Decimal(1) if option.get("correct") else Decimal(0),
            )
            for option in item["options"]
            if isinstance(option, dict)
        ]
        drafts.append(
            QuestionData(
                kind=QuestionKind.SINGLE,
                text=str(item.get("text", "")),
                options=options,
                explanation=str(item.get("explanation", "")),
                title=str(item.get("text", ""))[:80],
            )
        )
    return drafts


def _draft_questions(job: StudyJob, config: providers.ProviderConfig) -> str:
    lesson = job.lesson
    _progress(job, 20)
    completion = providers.chat(
        config,
        questions_messages(
            title=lesson.title, text=lesson_plain_text(lesson.body), count=QUESTIONS_PER_LESSON
        ),
    )
    drafts = drafted_questions_parse(completion.text)
    category = category_get_or_create(
        path=f"{DRAFTS_CATEGORY}/{lesson.module.course.title}/{lesson.title}"
    )
    made = skipped = 0
    for index, data in enumerate(drafts, start=1):
        try:
            question_create(
                category=category, data=data, created_by=job.requested_by, is_draft=True
            )
            made += 1
        except ApplicationError:
            skipped += 1
        _progress(job, 20 + 75 * index // max(len(drafts), 1))
    return _("%(made)s draft questions in “%(category)s” (%(skipped)s left out as malformed).") % {
        "made": made,
        "category": category.path,
        "skipped": skipped,
    }
