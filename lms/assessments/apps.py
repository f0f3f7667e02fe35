from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "lms.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        # Declares this context's domain events, and makes quiz and exam tasks count on a
        # roadmap: this context grades them and completes them through learning's
        # task_complete_graded.
        from lms.assessments import events  # noqa: F401
        from lms.catalog.models import TaskKind
        from lms.learning.grading import grading_engine_register

        for kind in (TaskKind.QUIZ, TaskKind.EXAM):
            grading_engine_register(kind=kind, engine=self.label)
