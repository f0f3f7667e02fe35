"""Importing a file of questions: parse (a preview that saves nothing) or parse and save
all of it into a chosen category, or nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.importers import FORMATS, ParseResult, parse
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
