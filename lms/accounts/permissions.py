"""Who a person is to the system: the one place that answers "is this an admin?", "is this
an author?" and "does this person teach that course?". The core, the API, the student app and
the console ask here instead of comparing roles or reading `is_superuser` themselves.

An inactive or anonymous person is nobody: every answer is False.
"""

from typing import Any

from lms.accounts.models import CONSOLE_ROLES, Role


def _is_someone(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_admin(user: Any) -> bool:
    """An active admin (the role; `is_superuser` follows it on save)."""
    return _is_someone(user) and user.role == Role.ADMIN


def is_author(user: Any) -> bool:
    """An active admin or instructor: someone who may write courses and use the console."""
    return _is_someone(user) and user.role in CONSOLE_ROLES


def is_instructor(user: Any) -> bool:
    """An active instructor (not an admin): someone who teaches the courses they are given."""
    return _is_someone(user) and user.role == Role.INSTRUCTOR


def is_student(user: Any) -> bool:
    """An active student: someone who learns, with no console."""
    return _is_someone(user) and user.role == Role.STUDENT


def is_instructor_of(user: Any, course: Any) -> bool:
    """An active instructor listed among the course's instructors (one query)."""
    return is_instructor(user) and course.instructors.filter(pk=user.pk).exists()


def can_preview_course(user: Any, course: Any) -> bool:
    """Admins and the course's instructors see a whole course without enrolling."""
    return is_admin(user) or is_instructor_of(user, course)
