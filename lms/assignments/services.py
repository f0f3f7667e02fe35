"""Writes of the assignments context. Every function is one transaction and refuses, with a
clear ApplicationError and nothing written, what its rules do not allow."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin, is_instructor_of
from lms.assignments.events import AssignmentPosted, DailyWorkSubmitted, SubmissionReviewed
from lms.assignments.models import (
    Assignment,
    AssignmentAttachment,
    DailyEntry,
    Submission,
    SubmissionFile,
)
from lms.assignments.models.files import upload_validator
from lms.assignments.selectors import assignment_is_closed, assignment_targets_user, local_today
from lms.audit.services import audit_record
from lms.catalog.models import Course, Task, TaskKind
from lms.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
    invalid_fields_error,
)
from lms.core.events import publish
from lms.core.html import sanitize_html
from lms.learning.models import ACCESS_STATUSES, TaskCompletion
from lms.learning.services import task_complete_graded

MAX_FILES_PER_SUBMISSION = 10


def _require_course_staff(user: User, course: Course) -> None:
    if not (is_admin(user) or is_instructor_of(user, course)):
        raise PermissionDeniedError(
            _("Only an admin or an instructor of this course can do this."), code="not_course_staff"
        )


def _validate_files(files: Sequence, field: str) -> None:
    """Every file checked (type, size, content) before anything is written."""
    messages = []
    for uploaded in files:
        try:
            upload_validator(uploaded)
        except ValidationError as error:
            messages.extend(f"{uploaded.name}: {message}" for message in error.messages)
    if messages:
        raise ApplicationError(messages[0], code="invalid_file", fields={field: messages})


# --- Assignments --------------------------------------------------------------------------


@transaction.atomic
def assignment_save(
    *,
    acting_user: User,
    assignment: Assignment,
    target_courses: Iterable[Course] | None = None,
    target_cohorts: Iterable[Cohort] | None = None,
    target_users: Iterable[User] | None = None,
    attachments: Sequence = (),
) -> Assignment:
    """Create or edit an assignment (admins, and instructors of its course). Instructions
    are sanitized; the task must be an assignment task of the same course; the pass mark
    cannot exceed the maximum. Targets given replace the old ones. A new assignment
    publishes AssignmentPosted."""
    _require_course_staff(acting_user, assignment.course)
    assignment.instructions = sanitize_html(assignment.instructions or "")
    errors: dict[str, list[str]] = {}
    if assignment.task_id is not None:
        task = Task.objects.select_related("lesson__module").get(pk=assignment.task_id)
        if task.lesson.module.course_id != assignment.course_id:
            errors["task"] = [_("Pick a task of this assignment’s course.")]
        elif task.kind != TaskKind.ASSIGNMENT:
            errors["task"] = [_("Pick a task of kind “assignment”.")]
    marks_given = assignment.pass_marks is not None and assignment.max_marks is not None
    if marks_given and assignment.pass_marks > assignment.max_marks:
        errors["pass_marks"] = [_("The pass mark cannot be above the maximum marks.")]
    if errors:
        raise ApplicationError(_("Check the highlighted fields."), code="invalid", fields=errors)
    try:
        assignment.full_clean(exclude=["task"])
    except ValidationError as error:
        raise invalid_fields_error(error) from error
    _validate_files(attachments, "attachments")
    created = assignment.pk is None
    if created:
        assignment.created_by = acting_user
    assignment.save()
    for values, manager in (
        (target_courses, assignment.target_courses),
        (target_cohorts, assignment.target_cohorts),
        (target_users, assignment.target_users),
    ):
        if values is not None:
            manager.set(values)
    for uploaded in attachments:
        AssignmentAttachment.objects.create(assignment=assignment, file=uploaded)
    if created:
        publish(AssignmentPosted(assignment_id=assignment.pk, course_id=assignment.course_id))
    return assignment


@transaction.atomic
def assignment_delete(*, acting_user: User, assignment: Assignment) -> str:
    """Delete an assignment nobody submitted to; one with submissions is archived instead
    (hidden from students, kept with its history). Returns "deleted" or "archived"."""
    _require_course_staff(acting_user, assignment.course)
    if assignment.submissions.exists():
        if assignment.archived_at is None:
            assignment.archived_at = timezone.now()
            assignment.save(update_fields=["archived_at", "updated_at"])
        return "archived"
    assignment.delete()
    return "deleted"


# --- Submissions --------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    user: User,
    assignment: Assignment,
    text: str,
    files: Sequence = (),
    now: dt.datetime | None = None,
) -> Submission:
    """A student's attempt: text and/or files. Refused (nothing stored) when the assignment
    is not aimed at them (403), archived or closed after its due date (400 `closed`), already
    reviewed (409), or a file's type, size or content is wrong (400). Each attempt is a new
    row; the earlier ones stay as history. Files are written chunk by chunk by the storage."""
    now = now or timezone.now()
    if assignment.archived_at is not None or not assignment_targets_user(
        assignment=assignment, user=user
    ):
        raise PermissionDeniedError(_("This assignment is not aimed at you."), code="not_targeted")
    if assignment_is_closed(assignment=assignment, now=now):
        raise ApplicationError(
            _("This assignment closed on %(due)s; submissions are no longer accepted.")
            % {"due": timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M")},
            code="closed",
        )
    text = (text or "").strip()
    files = list(files)
    if not text and not files:
        raise ApplicationError(
            _("Write an answer or attach a file."),
            code="invalid",
            fields={"text": [_("Write an answer or attach a file.")]},
        )
    if len(files) > MAX_FILES_PER_SUBMISSION:
        raise ApplicationError(
            _("Attach at most %(count)d files.") % {"count": MAX_FILES_PER_SUBMISSION},
            code="invalid_file",
            fields={"files": [_("Too many files.")]},
        )
    _validate_files(files, "files")
    previous = (
        Submission.objects.select_for_update()
        .filter(assignment=assignment, user=user)
        .order_by("-attempt")
        .first()
    )
    if previous is not None and previous.is_reviewed:
        raise ConflictError(
            _("This assignment has been reviewed; it cannot be submitted again."),
            code="already_reviewed",
        )
    if previous is not None:
        Submission.objects.filter(pk=previous.pk).update(is_latest=False)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                assignment=assignment,
                user=user,
                attempt=(previous.attempt + 1) if previous else 1,
                text=text,
                submitted_at=now,
                is_late=now > assignment.due_at,
            )
    except IntegrityError as error:  # a simultaneous attempt won the race
        raise ConflictError(
            _("Another submission was just made; reload and try again."), code="conflict"
        ) from error
    for uploaded in files:
        SubmissionFile.objects.create(submission=submission, file=uploaded)
    return submission


@transaction.atomic
def submission_review(
    *,
    acting_user: User,
    submission: Submission,
    marks: int | None,
    feedback: str = "",
    rubric_points: dict | None = None,
    request: HttpRequest | None = None,
) -> Submission:
    """Marks (0..max, or the sum of the rubric's points when marks are not given), feedback
    and optional rubric points for the latest attempt. At or above the pass mark, the linked
    roadmap task is completed for the student (through learning's graded completion).
    Publishes SubmissionReviewed; reviewing again corrects the marks."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("assignment__course")
        .get(pk=submission.pk)
    )
    assignment = submission.assignment
    _require_course_staff(acting_user, assignment.course)
    if not submission.is_latest:
        raise ConflictError(
            _("A newer attempt exists; review that one."), code="not_latest_attempt"
        )
    marks, points = submission_review_check(
        assignment=assignment, marks=marks, rubric_points=rubric_points
    )
    audit_record(
        actor=acting_user,
        action="submission.review",
        target=submission,
        request=request,
        changes={
            "user": submission.user_id,
            "marks": [submission.marks, marks],
            "rubric_points": {str(key): value for key, value in points.items()},
        },
    )
    submission.marks = marks
    submission.feedback = (feedback or "").strip()
    submission.rubric_points = {str(key): value for key, value in points.items()}
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = acting_user
    submission.save(
        update_fields=["marks", "feedback", "rubric_points", "reviewed_at", "reviewed_by"]
    )
    passed = marks >= assignment.pass_marks
    if passed and assignment.task_id is not None:
        _complete_quietly(user=submission.user, task=assignment.task, source="assignment")
    publish(
        SubmissionReviewed(
            submission_id=submission.pk,
            assignment_id=assignment.pk,
            user_id=submission.user_id,
            marks=marks,
            passed=passed,
        )
    )
    return submission


def submission_review_check(
    *, assignment: Assignment, marks: int | None, rubric_points: dict | None
) -> tuple[int, dict[int, int]]:
    """The review's rules on marks and rubric points, for a form to show before saving:
    marks 0..max (the rubric's sum when marks are not given), each criterion's points
    0..its maximum. Returns (marks, points by criterion id)."""
    points = _rubric_points_checked(assignment, rubric_points or {})
    if marks is None and points:
        marks = sum(points.values())
    if (
        isinstance(marks, bool)
        or not isinstance(marks, int)
        or not 0 <= marks <= assignment.max_marks
    ):
        message = _("Give marks from 0 to %(max)d.") % {"max": assignment.max_marks}
        raise ApplicationError(message, code="invalid_marks", fields={"marks": [message]})
    return marks, points


def _rubric_points_checked(assignment: Assignment, rubric_points: dict) -> dict[int, int]:
    criteria = {criterion.pk: criterion for criterion in assignment.criteria.all()}
    points: dict[int, int] = {}
    errors = []
    for key, value in rubric_points.items():
        criterion = criteria.get(int(key)) if str(key).isdigit() else None
        if criterion is None:
            errors.append(_("Unknown rubric criterion %(key)s.") % {"key": key})
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.append(
                _("Points for “%(title)s” must be a whole number.") % {"title": criterion.title}
            )
        elif not 0 <= value <= criterion.max_points:
            errors.append(
                _("“%(title)s” takes 0 to %(max)d points.")
                % {"title": criterion.title, "max": criterion.max_points}
            )
        else:
            points[criterion.pk] = value
    if errors:
        raise ApplicationError(errors[0], code="invalid_rubric", fields={"rubric_points": errors})
    return points


def _complete_quietly(*, user: User, task: Task, source: str) -> bool:
    """Complete a graded task when learning's rules allow it now (enrolled, lesson open);
    otherwise the grade stands and the task waits (learning refuses, nothing is written)."""
    try:
        task_complete_graded(user=user, task=task, source=source)
    except PermissionDeniedError:
        return False
    return True


# --- Daily work ---------------------------------------------------------------------------


@transaction.atomic
def daily_entry_save(
    *, user: User, text: str, file=None, now: dt.datetime | None = None
) -> tuple[DailyEntry, bool]:
    """Write or edit today's entry (today in the student's time zone; past days cannot be
    written). The day's first entry publishes DailyWorkSubmitted and completes the next open
    daily-work task of each course the student studies. Returns (entry, created)."""
    text = (text or "").strip()
    if not text:
        message = _("Write what you worked on today.")
        raise ApplicationError(message, code="invalid", fields={"text": [message]})
    if file is not None:
        _validate_files([file], "file")
    today = local_today(user=user, now=now)
    entry = DailyEntry.objects.select_for_update().filter(user=user, local_date=today).first()
    created = entry is None
    if created:
        try:
            with transaction.atomic():
                entry = DailyEntry.objects.create(user=user, local_date=today, text=text)
        except IntegrityError:  # the same day written at once from two devices
            entry = DailyEntry.objects.select_for_update().get(user=user, local_date=today)
            created = False
    if not created:
        entry.text = text
        entry.save(update_fields=["text", "updated_at"])
    if file is not None:
        entry.file = file
        entry.save(update_fields=["file", "updated_at"])
    if created:
        _daily_tasks_complete(user=user)
        publish(
            DailyWorkSubmitted(entry_id=entry.pk, user_id=user.pk, local_date=today.isoformat())
        )
    return entry, created


def _daily_tasks_complete(*, user: User) -> None:
    """One day's entry completes one daily-work task per course: the first one not done
    yet, in roadmap order, when its lesson is open."""
    done = TaskCompletion.objects.filter(user=user).values("task_id")
    tasks = (
        Task.objects.filter(
            kind=TaskKind.DAILY_WORK,
            lesson__module__course__enrollments__user=user,
            lesson__module__course__enrollments__status__in=ACCESS_STATUSES,
        )
        .exclude(pk__in=done)
        .select_related("lesson__module__course")
        .order_by(
            "lesson__module__course_id",
            "lesson__module__position",
            "lesson__module__pk",
            "lesson__position",
            "lesson__pk",
            "position",
            "pk",
        )
    )
    seen_courses: set[int] = set()
    for task in tasks:
        course_id = task.lesson.module.course_id
        if course_id in seen_courses:
            continue
        seen_courses.add(course_id)
        _complete_quietly(user=user, task=task, source="daily_work")
