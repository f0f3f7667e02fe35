"""Admin console pages of the catalog context: the roadmap builder (course → modules →
lessons → tasks and documents), the review workflow and instructor applications.

Who sees what: admins see everything. Instructors are staff without model permissions;
instead of handing them a group of model permissions (a second place that would have to
follow the role), these pages decide by role plus the guardian object permission that
`lms.catalog.services.course_permissions_sync` gives each instructor of a course. So an
instructor opens the catalog pages, lists only the courses they teach (and those
courses' modules and lessons), and gets 403 on anyone else's.

Translations: modeltranslation's TranslationAdmin (field widgets, required default
language) with unfold's own fieldset tabs for English and Hindi. Its Tabbed* variants are
not used because they load jQuery UI from a CDN, which the console's CSP refuses.

The package holds one module per page (courses, modules, lessons, instructor applications)
and what they share (permissions, forms, roadmap inlines, course actions); importing it
registers the pages.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from admin_ext.callbacks import ADMINS_ONLY, AUTHORS
from admin_ext.catalog import courses, instructor_applications, lessons, modules  # noqa: F401

# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 20,
        "title": _("Courses"),
        "collapsible": False,
        "items": [
            {
                "title": _("Courses"),
                "icon": "school",
                "link": reverse_lazy("admin:catalog_course_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Modules"),
                "icon": "view_module",
                "link": reverse_lazy("admin:catalog_module_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Lessons"),
                "icon": "menu_book",
                "link": reverse_lazy("admin:catalog_lesson_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Instructor applications"),
                "icon": "how_to_reg",
                "link": reverse_lazy("admin:catalog_instructorapplication_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
