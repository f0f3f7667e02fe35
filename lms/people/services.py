"""Writes for people imports: start one (preview or import), confirm a preview, run it.

A file of up to LMS_PEOPLE_IMPORT_INLINE_ROWS rows is handled within the request; a larger
one by a Huey job that reports its progress on the UserImport row after each batch.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.audit.services import audit_record
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.files import display_name
from lms.people import importer
from lms.people.models import UserImport
from lms.people.parsing import file_format, rows_read

Status = UserImport.Status


def _require_admin(user: User | None) -> None:
    if not is_admin(user):
        raise PermissionDeniedError(_("Only admins can import people."))


def _check_content(*, content: bytes, file_name: str) -> None:
    """An empty file, or one whose bytes are not its extension's (HTML named .csv, a
    renamed executable), is refused with the validator's sentence."""
    try:
        UserImport._meta.get_field("file").run_validators(ContentFile(content, name=file_name))
    except ValidationError as error:
        raise ApplicationError(
            error.messages[0], code="invalid", fields={"file": error.messages}
        ) from error


def user_import_start(
    *,
    acting_user: User,
    content: bytes,
    file_name: str,
    dry_run: bool = True,
    update_existing: bool = False,
    create_cohorts: bool = False,
    all_or_nothing: bool = False,
    send_welcome: bool = True,
) -> UserImport:
    """Keep the uploaded file and check it (dry run) or import it. A file that cannot be
    read at all is refused here; row problems are reported per row."""
    _require_admin(acting_user)
    file_format(file_name)
    if len(content) > settings.LMS_PEOPLE_IMPORT_MAX_BYTES:
        raise ApplicationError(_("The file is too large (10 MB at most)."), code="too_large")
    _check_content(content=content, file_name=file_name)
    file_name = display_name(file_name)
    rows = rows_read(content=content, file_name=file_name)
    user_import = UserImport(
        created_by=acting_user,
        file_name=file_name[:255],
        total_rows=len(rows),
        dry_run=dry_run,
        status=Status.PREVIEWING if dry_run else Status.IMPORTING,
        update_existing=update_existing,
        create_cohorts=create_cohorts,
        all_or_nothing=all_or_nothing,
        send_welcome=send_welcome,
    )
    user_import.file.save(file_name, ContentFile(content), save=False)
    user_import.save()
    _dispatch(user_import)
    user_import.refresh_from_db()
    return user_import


@transaction.atomic
def user_import_confirm(
    *,
    user_import: UserImport,
    acting_user: User,
    update_existing: bool,
    create_cohorts: bool,
    all_or_nothing: bool,
    send_welcome: bool,
) -> UserImport:
    """Import a previewed file, with the options chosen after seeing the preview."""
    _require_admin(acting_user)
    user_import = UserImport.objects.select_for_update().get(pk=user_import.pk)
    if user_import.status != Status.PREVIEWED:
        raise ApplicationError(
            _("This file was already imported or is still being checked."), code="not_previewed"
        )
    user_import.dry_run = False
    user_import.status = Status.IMPORTING
    user_import.update_existing = update_existing
    user_import.create_cohorts = create_cohorts
    user_import.all_or_nothing = all_or_nothing
    user_import.send_welcome = send_welcome
    user_import.processed_rows = 0
    user_import.save()
    transaction.on_commit(lambda: _dispatch(user_import))
    return user_import


def _dispatch(user_import: UserImport) -> None:
    if user_import.total_rows <= settings.LMS_PEOPLE_IMPORT_INLINE_ROWS:
        user_import_run(user_import_id=user_import.pk)
    else:
        from lms.people.tasks import user_import_run_task

        transaction.on_commit(lambda: user_import_run_task(user_import.pk))


def user_import_run(*, user_import_id: int) -> UserImport:
    """Check or import every row of a stored file, a batch at a time, recording progress.
    "Valid rows" mode commits each batch on its own; "all or nothing" checks every row
    first and then writes everything in one transaction, or nothing."""
    user_import = UserImport.objects.select_related("created_by").get(pk=user_import_id)
    try:
        with user_import.file.open("rb") as stored:
            rows = rows_read(content=stored.read(), file_name=user_import.file_name)
        _require_admin(user_import.created_by)
        results = _run(user_import, rows)
    except ApplicationError as error:
        UserImport.objects.filter(pk=user_import.pk).update(
            status=Status.FAILED, message=error.message, finished_at=timezone.now()
        )
        user_import.refresh_from_db()
        return user_import
    counts = {key: 0 for key in (importer.NEW, importer.UPDATED, importer.UNCHANGED)}
    counts[importer.ERROR] = 0
    for result in results:
        counts[result["status"]] += 1
    user_import.rows = results
    user_import.created = counts[importer.NEW]
    user_import.updated = counts[importer.UPDATED]
    user_import.unchanged = counts[importer.UNCHANGED]
    user_import.failed = counts[importer.ERROR]
    user_import.processed_rows = len(rows)
    user_import.status = Status.PREVIEWED if user_import.dry_run else Status.DONE
    user_import.finished_at = timezone.now()
    if not user_import.dry_run and user_import.all_or_nothing and user_import.failed:
        user_import.message = _("Nothing was imported: fix the rows with errors and try again.")
        user_import.created = user_import.updated = 0
    user_import.save()
    if user_import.status == Status.DONE:
        # The people are in the database now; the file (personal data) is not kept longer.
        user_import.file.delete(save=True)
    return user_import


def _batches(rows: list, size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _run(user_import: UserImport, rows: list) -> list[dict]:
    options = importer.ImportOptions(
        update_existing=user_import.update_existing,
        create_cohorts=user_import.create_cohorts,
        all_or_nothing=user_import.all_or_nothing,
        send_welcome=user_import.send_welcome,
    )
    acting_user = user_import.created_by
    duplicates = importer.duplicate_errors(rows)
    size = settings.LMS_PEOPLE_IMPORT_BATCH_SIZE
    plan_kwargs = {"options": options, "acting_user": acting_user, "duplicates": duplicates}
    if user_import.dry_run or options.all_or_nothing:
        plans = []
        for batch in _batches(rows, size):
            plans += importer.batch_plan(batch, **plan_kwargs)
            _progress(user_import, len(batch))
        if user_import.dry_run or any(plan.status == importer.ERROR for plan in plans):
            return [plan.result() for plan in plans]
        UserImport.objects.filter(pk=user_import.pk).update(processed_rows=0)
        with transaction.atomic():
            return _write(user_import, rows, plan_kwargs, options)
    return _write(user_import, rows, plan_kwargs, options)


def _write(user_import: UserImport, rows: list, plan_kwargs: dict, options) -> list[dict]:
    results = []
    for batch in _batches(rows, settings.LMS_PEOPLE_IMPORT_BATCH_SIZE):
        with transaction.atomic():
            plans = importer.batch_plan(batch, **plan_kwargs)
            new_ids = importer.batch_apply(plans, acting_user=plan_kwargs["acting_user"])
            _batch_audit(user_import, plans, new_ids, acting_user=plan_kwargs["acting_user"])
            if options.send_welcome and new_ids:
                transaction.on_commit(lambda ids=new_ids: _welcome_queue(ids))
        _progress(user_import, len(batch))
        results += [plan.result() for plan in plans]
    return results


def _batch_audit(user_import: UserImport, plans: list, new_ids: list[int], *, acting_user) -> None:
    """One audit entry per batch written, in the batch's transaction: a batch that rolls
    back leaves no entry, and "valid rows" imports keep the entries of the batches kept."""
    counts: dict[str, int] = {}
    for plan in plans:
        counts[plan.status] = counts.get(plan.status, 0) + 1
    audit_record(
        actor=acting_user,
        action="people.import",
        target=user_import,
        changes={"file": user_import.file_name, "rows": counts, "created_users": new_ids},
    )


def _progress(user_import: UserImport, count: int) -> None:
    UserImport.objects.filter(pk=user_import.pk).update(processed_rows=F("processed_rows") + count)


def _welcome_queue(user_ids: list[int]) -> None:
    from lms.people.tasks import people_welcome_send

    size = settings.LMS_PEOPLE_WELCOME_BATCH
    for start in range(0, len(user_ids), size):
        people_welcome_send(user_ids[start : start + size])
