"""Importing a file of questions: parse (a preview that saves nothing) or parse and save
all of it into a chosen category, or nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.importers import FORMATS, ParseResult, parse
from lms.assessments.models import QuestionImport, QuestionImportStatus
from lms.assessments.services.bank import category_get_or_create, questions_import
from lms.core.errors import ApplicationError

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass
class ImportOutcome:
    parsed: ParseResult
    imported: int

    def as_dict(self) -> dict:
        return {**self.parsed.as_dict(), "imported": self.imported}


@transaction.atomic
def question_file_import(
    *,
    content: bytes,
    format: str,
    category_path: str,
    dry_run: bool,
    created_by: User | None = None,
) -> ImportOutcome:
    """Parse `content`; unless `dry_run`, save every question below `category_path`
    (created if missing). Any error saves nothing (ApplicationError "import_invalid", with
    the preview in `outcome`); unsupported question kinds are reported and skipped."""
    if format not in FORMATS:
        raise ApplicationError(
            _("Choose a format: %(formats)s.") % {"formats": ", ".join(FORMATS)},
            code="invalid",
            fields={"format": [_("Unknown format.")]},
        )
    if len(content) > MAX_IMPORT_BYTES:
        raise ApplicationError(
            _("The file is larger than 10 MB."), code="invalid", fields={"file": [_("Too large.")]}
        )
    parsed = parse(content=content, format=format)
    if dry_run:
        return ImportOutcome(parsed=parsed, imported=0)
    if parsed.errors:
        error = ApplicationError(
            _("Nothing was imported: fix the %(n)s errors first.") % {"n": len(parsed.errors)},
            code="import_invalid",
        )
        error.outcome = ImportOutcome(parsed=parsed, imported=0)
        raise error
    if not category_path.strip().strip("/"):
        raise ApplicationError(
            _("Choose a category."), code="invalid", fields={"category": [_("Required.")]}
        )
    category = category_get_or_create(path=category_path.strip().strip("/"))
    saved = questions_import(category=category, questions=parsed.questions, created_by=created_by)
    return ImportOutcome(parsed=parsed, imported=len(saved))


# --- Large files: parsed and imported by Huey jobs, with progress ---------------------------


def _progress_saver(job_id: int):
    def save(percent: int) -> None:
        QuestionImport.objects.filter(pk=job_id).update(progress=percent)

    return save


@transaction.atomic
def question_import_queue(
    *, content: bytes, format: str, category_path: str, created_by: User
) -> QuestionImport:
    """Keep the file and parse it in a Huey job; the console polls the job's progress and
    then shows the same preview as for a small file."""
    if format not in FORMATS:
        raise ApplicationError(_("Unknown format."), code="invalid")
    if len(content) > MAX_IMPORT_BYTES:
        raise ApplicationError(_("The file is larger than 10 MB."), code="invalid")
    job = QuestionImport.objects.create(
        created_by=created_by, format=format, category_path=category_path, content=content
    )
    from lms.assessments.tasks import question_import_parse

    transaction.on_commit(lambda: question_import_parse(job.pk))
    return job


def question_import_parse_run(*, job_id: int) -> None:
    """The parsing job: the preview is stored on the job (its progress saved on the way)."""
    job = QuestionImport.objects.get(pk=job_id)
    parsed = parse(content=bytes(job.content), format=job.format, progress=_progress_saver(job.pk))
    QuestionImport.objects.filter(pk=job.pk).update(
        status=QuestionImportStatus.READY, progress=100, result=parsed.as_dict()
    )


def question_import_confirm(*, job: QuestionImport) -> None:
    """Staff confirmed the preview: import in a job, all or nothing."""
    updated = QuestionImport.objects.filter(
        pk=job.pk, status=QuestionImportStatus.READY, result__isnull=False
    ).update(status=QuestionImportStatus.IMPORTING, progress=0)
    if not updated:
        raise ApplicationError(_("This import is not ready."), code="not_ready")
    from lms.assessments.tasks import question_import_apply

    transaction.on_commit(lambda: question_import_apply(job.pk))


def question_import_apply_run(*, job_id: int) -> None:
    job = QuestionImport.objects.select_related("created_by").get(pk=job_id)
    try:
        outcome = question_file_import(
            content=bytes(job.content),
            format=job.format,
            category_path=job.category_path,
            dry_run=False,
            created_by=job.created_by,
        )
    except ApplicationError as error:
        result = {**(job.result or {}), "failure": error.message}
        QuestionImport.objects.filter(pk=job.pk).update(
            status=QuestionImportStatus.FAILED, result=result
        )
        return
    QuestionImport.objects.filter(pk=job.pk).update(
        status=QuestionImportStatus.IMPORTED, progress=100, imported=outcome.imported, content=b""
    )
