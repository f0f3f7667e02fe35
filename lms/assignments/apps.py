from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "lms.assignments"
    label = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from lms.assignments import events  # noqa: F401  (declares this context's events)
        from lms.catalog.models import TaskKind
        from lms.learning.grading import grading_engine_register

        # An assignment task completes when its submission is reviewed at or above the pass
        # mark; a daily-work task when the student writes a day's entry.
        grading_engine_register(kind=TaskKind.ASSIGNMENT, engine=self.label)
        grading_engine_register(kind=TaskKind.DAILY_WORK, engine=self.label)
