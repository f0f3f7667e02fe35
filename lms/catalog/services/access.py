"""Who may change a course, and the object permissions its instructors hold."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from lms.accounts.models import Role, User
from lms.accounts.permissions import is_admin, is_author
from lms.catalog.models import (
    Course,
)
from lms.core.errors import ApplicationError, PermissionDeniedError

# Object permissions an instructor holds on each course they teach.
INSTRUCTOR_COURSE_PERMS = ("catalog.change_course", "catalog.view_course")


def course_can_edit(*, user: User, course: Course) -> bool:
    """Admins edit every course; instructors those they hold the object permission on."""
    if is_admin(user):
        return True
    return is_author(user) and user.has_perm("catalog.change_course", course)


def _require_edit(user: User, course: Course) -> None:
    if not course_can_edit(user=user, course=course):
        raise PermissionDeniedError(
            _("You can only change courses you teach."), code="not_course_instructor"
        )


def _require_admin(user: User) -> None:
    if not is_admin(user):
        raise PermissionDeniedError(_("Only an admin can do this."), code="admin_only")


def _require_author(user: User) -> None:
    if not is_author(user):
        raise PermissionDeniedError(
            _("Only admins and instructors can write courses."), code="not_author"
        )


# --- Instructors and their object permissions ---------------------------------------------


@transaction.atomic
def course_permissions_sync(*, course: Course) -> None:
    """Make the object permissions match the instructor list: every instructor of the
    course holds change/view on it, and nobody else holds them as a user permission."""
    instructors = set(course.instructors.all())
    holders = set(
        get_users_with_perms(
            course, only_with_perms_in=["change_course", "view_course"], with_group_users=False
        )
    )
    for user in holders - instructors:
        for perm in INSTRUCTOR_COURSE_PERMS:
            remove_perm(perm, user, course)
    for user in instructors - holders:
        for perm in INSTRUCTOR_COURSE_PERMS:
            assign_perm(perm, user, course)


@transaction.atomic
def course_instructors_set(
    *, course: Course, instructors: Iterable[User], acting_user: User
) -> Course:
    """Set who teaches a course (admins only). Only people with the instructor role can
    teach; their object permissions follow."""
    _require_admin(acting_user)
    instructors = list(instructors)
    not_instructors = [str(user) for user in instructors if user.role != Role.INSTRUCTOR]
    if not_instructors:
        raise ApplicationError(
            _("Only instructors can teach a course: %s") % ", ".join(not_instructors),
            code="not_instructor",
            fields={"instructors": [_("Only instructors can teach a course.")]},
        )
    course.instructors.set(instructors)
    course_permissions_sync(course=course)
    return course
