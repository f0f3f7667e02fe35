"""Writes of the resume builder: a student's projects. Education and skills are edited on
the profile (lms.accounts)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.errors import ApplicationError, invalid_fields_error
from lms.resumes.models import ResumeProject

MAX_PROJECTS_STORED = 20
FIELDS = {"title", "description", "technologies", "link"}


def _assign(project: ResumeProject, fields: dict) -> None:
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, (value or "").strip())
    try:
        project.full_clean(exclude=["user"])
    except ValidationError as error:
        raise invalid_fields_error(error) from None


@transaction.atomic
def project_create(*, user: User, title: str, **fields) -> ResumeProject:
    if ResumeProject.objects.filter(user=user).count() >= MAX_PROJECTS_STORED:
        raise ApplicationError(
            _("You can keep up to %(n)s projects.") % {"n": MAX_PROJECTS_STORED}, code="too_many"
        )
    top = ResumeProject.objects.filter(user=user).aggregate(top=Max("position"))["top"] or 0
    project = ResumeProject(user=user, position=top + 1)
    _assign(project, {"title": title, **fields})
    project.save()
    return project


@transaction.atomic
def project_update(*, project: ResumeProject, user: User, **fields) -> ResumeProject:
    if project.user_id != user.pk:
        raise ApplicationError(_("Project not found."), code="not_found", status=404)
    _assign(project, fields)
    project.save()
    return project


@transaction.atomic
def project_delete(*, project: ResumeProject, user: User) -> None:
    if project.user_id != user.pk:
        raise ApplicationError(_("Project not found."), code="not_found", status=404)
    project.delete()
