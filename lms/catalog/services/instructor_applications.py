"""Learners asking to teach, and the admins' answer."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Role, User
from lms.accounts.permissions import is_student
from lms.catalog.models import (
    InstructorApplication,
)
from lms.catalog.services.access import _require_admin
from lms.catalog.services.fields import _full_clean
from lms.core.errors import ApplicationError, ConflictError

# --- Instructor applications --------------------------------------------------------------


@transaction.atomic
def instructor_application_submit(
    *, user: User, expertise: str, motivation: str
) -> InstructorApplication:
    """A student asks to teach. One pending application per person."""
    if not is_student(user):
        raise ApplicationError(_("Only students can apply to teach."), code="not_student")
    if InstructorApplication.objects.filter(
        user=user, status=InstructorApplication.Status.PENDING
    ).exists():
        raise ConflictError(
            _("Your application is already waiting for review."), code="already_pending"
        )
    application = InstructorApplication(
        user=user, expertise=expertise.strip(), motivation=motivation.strip()
    )
    _full_clean(application, exclude=["user", "reviewed_by"])
    application.save()
    return application


def _pending_application(application: InstructorApplication) -> InstructorApplication:
    application = (
        InstructorApplication.objects.select_for_update()
        .select_related("user")
        .get(pk=application.pk)
    )
    if application.status != InstructorApplication.Status.PENDING:
        raise ConflictError(_("This application was already reviewed."), code="already_reviewed")
    return application


@transaction.atomic
def instructor_application_approve(
    *, application: InstructorApplication, acting_user: User
) -> InstructorApplication:
    """An admin accepts: the person becomes an instructor."""
    from lms.accounts.services import users_change_role

    _require_admin(acting_user)
    application = _pending_application(application)
    users_change_role(user_ids=[application.user_id], role=Role.INSTRUCTOR, acting_user=acting_user)
    application.status = InstructorApplication.Status.APPROVED
    application.reviewed_at = timezone.now()
    application.reviewed_by = acting_user
    application.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return application


@transaction.atomic
def instructor_application_reject(
    *, application: InstructorApplication, acting_user: User, feedback: str = ""
) -> InstructorApplication:
    """An admin declines; the applicant sees the feedback and may apply again."""
    _require_admin(acting_user)
    application = _pending_application(application)
    application.status = InstructorApplication.Status.REJECTED
    application.feedback = feedback.strip()
    application.reviewed_at = timezone.now()
    application.reviewed_by = acting_user
    application.save(update_fields=["status", "feedback", "reviewed_at", "reviewed_by"])
    return application
