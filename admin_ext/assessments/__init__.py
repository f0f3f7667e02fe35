"""Admin console pages of the assessments context: the question bank (category tree filter,
preview, duplicate, import with a preview, export), assessments (fixed questions, draw
rules, a preview of one draw, results with item analysis and CSV, regrade, extra time or
attempts for one student) and attempts (flagged ones with their proctoring timeline).

Admins and instructors work here (as in the catalog); an instructor sees the assessments
and attempts of the courses they teach. Every change goes through lms.assessments.services.

One module per page (question bank, quizzes and exams, attempts) and their shared
permissions; importing the package registers the pages.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from admin_ext.assessments import attempts, question_bank, quizzes_and_exams  # noqa: F401
from admin_ext.callbacks import AUTHORS

# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 25,
        "title": _("Assessments"),
        "collapsible": True,
        "items": [
            {
                "title": _("Question bank"),
                "icon": "quiz",
                "link": reverse_lazy("admin:assessments_question_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Question categories"),
                "icon": "account_tree",
                "link": reverse_lazy("admin:assessments_category_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Quizzes and exams"),
                "icon": "assignment",
                "link": reverse_lazy("admin:assessments_assessment_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Attempts"),
                "icon": "fact_check",
                "link": reverse_lazy("admin:assessments_attempt_changelist"),
                "permission": AUTHORS,
            },
        ],
    },
]
