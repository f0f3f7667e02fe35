"""Writes for the catalog: courses and their roadmap, the review workflow and instructor
applications (enrolling people is learning's: lms.learning.services). Every function is one transaction.

Who may do what is checked here too (not only in the faces), so the admin console and the
API cannot disagree: instructors change only the courses they teach and never publish;
admins do everything.

One module per sub-domain; this package re-exports their public functions, so callers
write `from lms.catalog import services` and `services.course_create(...)`.
"""

from lms.catalog.services.access import (
    INSTRUCTOR_COURSE_PERMS,
    course_can_edit,
    course_instructors_set,
    course_permissions_sync,
)
from lms.catalog.services.courses import (
    course_create,
    course_delete,
    course_duplicate,
    course_save,
    course_update,
)
from lms.catalog.services.fields import (
    COURSE_FIELDS,
    LANGUAGE_CODES,
    LESSON_FIELDS,
    MODULE_FIELDS,
    SANITIZED_FIELDS,
    TASK_FIELDS,
)
from lms.catalog.services.instructor_applications import (
    instructor_application_approve,
    instructor_application_reject,
    instructor_application_submit,
)
from lms.catalog.services.publishing import (
    course_publish_problems,
    payments_check_register,
)
from lms.catalog.services.review import (
    course_approve,
    course_archive,
    course_publish,
    course_reject,
    course_submit_for_review,
    course_unpublish,
)
from lms.catalog.services.roadmap import (
    course_positions_normalize,
    lesson_create,
    lesson_delete,
    lesson_document_delete,
    lesson_document_save,
    lesson_move,
    lesson_reorder,
    lesson_save,
    lesson_update,
    module_create,
    module_delete,
    module_move,
    module_reorder,
    module_save,
    module_update,
    task_create,
    task_delete,
    task_move,
    task_reorder,
    task_save,
    task_update,
)

__all__ = [
    "COURSE_FIELDS",
    "INSTRUCTOR_COURSE_PERMS",
    "LANGUAGE_CODES",
    "LESSON_FIELDS",
    "MODULE_FIELDS",
    "SANITIZED_FIELDS",
    "TASK_FIELDS",
    "course_approve",
    "course_archive",
    "course_can_edit",
    "course_create",
    "course_delete",
    "course_duplicate",
    "course_instructors_set",
    "course_permissions_sync",
    "course_positions_normalize",
    "course_publish",
    "course_publish_problems",
    "course_reject",
    "course_save",
    "course_submit_for_review",
    "course_unpublish",
    "course_update",
    "instructor_application_approve",
    "instructor_application_reject",
    "instructor_application_submit",
    "lesson_create",
    "lesson_delete",
    "lesson_document_delete",
    "lesson_document_save",
    "lesson_move",
    "lesson_reorder",
    "lesson_save",
    "lesson_update",
    "module_create",
    "module_delete",
    "module_move",
    "module_reorder",
    "module_save",
    "module_update",
    "payments_check_register",
    "task_create",
    "task_delete",
    "task_move",
    "task_reorder",
    "task_save",
    "task_update",
]
