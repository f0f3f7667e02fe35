"""Who may open and change catalog pages: the role plus the guardian object permission that
`lms.catalog.services.course_permissions_sync` gives each instructor of a course (see the
package's docstring). Shared by the course, module and lesson admins and the roadmap inlines."""

from django.http import HttpRequest

from admin_ext.callbacks import can_author
from lms.catalog import services
from lms.catalog.models import Course, Lesson, LessonDocument, Module, Task


def course_of(obj) -> Course | None:
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, Module):
        return obj.course
    if isinstance(obj, Lesson):
        return obj.module.course
    if isinstance(obj, Task | LessonDocument):
        return obj.lesson.module.course
    return None


def can_edit(request: HttpRequest, obj) -> bool:
    if obj is None:
        return can_author(request)
    course = course_of(obj)
    return course is not None and services.course_can_edit(user=request.user, course=course)


class CatalogPermissions:
    """Role + object permission, for model admins and inlines alike (`obj` is the edited
    object for a model admin and the parent object for an inline)."""

    def has_module_permission(self, request):
        return can_author(request)

    def has_view_permission(self, request, obj=None):
        return can_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return can_edit(request, obj)

    def has_add_permission(self, request, obj=None):
        return can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_edit(request, obj)
