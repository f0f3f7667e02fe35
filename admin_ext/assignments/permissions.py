"""Who works on assignments, submissions and daily work: admins, and the instructors of the
course an object belongs to; an object's page answers 403 for another course's object."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from lms.accounts.permissions import is_admin, is_author, is_instructor_of
from lms.assignments.models import Assignment


def can_work_on(request: HttpRequest, obj) -> bool:
    """Admins, and instructors of the course the object belongs to (any author when no
    object is given: the list and the add page)."""
    if obj is None:
        return is_author(request.user)
    course = obj.course if isinstance(obj, Assignment) else obj.assignment.course
    return is_admin(request.user) or is_instructor_of(request.user, course)


class PermissionByObject:
    """Lists show only one's own rows, but an object's page finds any object and answers
    403 when it belongs to another course (as the catalog's pages do), not a redirect."""

    def get_object(self, request, object_id, from_field=None):
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            return self.model.objects.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None
