"""Who works on the assessment pages: admins and instructors; objects tied to a course follow
`course_can_edit`, so an instructor sees the assessments and attempts of the courses they
teach."""

from admin_ext.callbacks import can_author
from lms.catalog.services import course_can_edit


class AuthorPermissions:
    """Admins and instructors; objects tied to a course follow `course_can_edit`."""

    def _course(self, obj):
        return getattr(obj, "course", None) or getattr(
            getattr(obj, "assessment", None), "course", None
        )

    def has_module_permission(self, request):
        return can_author(request)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return can_author(request)

    def has_change_permission(self, request, obj=None):
        course = self._course(obj) if obj is not None else None
        if course is not None:
            return course_can_edit(user=request.user, course=course)
        return can_author(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
