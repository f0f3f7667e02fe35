"""Admin console pages of the assignments context: assignments (targets, rubric,
attachments; deleting one with submissions archives it), the review queue (filters, files
inline, marks with feedback and rubric, previous/next without going back to the list) and
daily work by date and student. Admins see everything; instructors the assignments of the
courses they teach and their students' work. Writes go through lms.assignments.services.

One module per page (assignment setup, review queue, daily work) and their shared
permissions; importing the package registers them.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from admin_ext.assignments import assignment_setup, daily_work, review_queue  # noqa: F401
from admin_ext.callbacks import AUTHORS

# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 60,
        "title": _("Assignments"),
        "collapsible": True,
        "items": [
            {
                "title": _("Assignments"),
                "icon": "assignment",
                "link": reverse_lazy("admin:assignments_assignment_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Review queue"),
                "icon": "rate_review",
                "link": reverse_lazy("admin:assignments_submission_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Daily work"),
                "icon": "calendar_month",
                "link": reverse_lazy("admin:assignments_dailyentry_changelist"),
                "permission": AUTHORS,
            },
        ],
    },
]
