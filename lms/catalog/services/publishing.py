"""The one rule a course must meet before it goes to review or to the catalog: submitting,
approving and publishing all ask `course_publish_problems`, and the console shows its
sentences before anyone presses the button.

Whether a payment gateway is configured is commerce's knowledge (a higher layer); commerce
registers its answer with `payments_check_register` from its AppConfig.ready, so catalog
never imports it. Without a registered check no gateway counts as configured."""

from collections.abc import Callable

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lms.catalog.models import Course, EnrollmentMode, Lesson
from lms.core.errors import ApplicationError

_PAYMENTS_CHECK: list[Callable[[], bool]] = []


def payments_check_register(check: Callable[[], bool]) -> None:
    """Commerce tells the catalog how to ask whether a payment gateway is configured."""
    _PAYMENTS_CHECK[:] = [check]


def payments_configured() -> bool:
    return bool(_PAYMENTS_CHECK) and _PAYMENTS_CHECK[0]()


def _lessons_without_tasks(course: Course) -> list[Lesson]:
    """Lessons with no task that are not reading-only (a reading-only lesson has a body to
    read)."""
    return list(
        Lesson.objects.filter(module__course=course)
        .annotate(task_count=Count("tasks"))
        .filter(task_count=0)
        # The default language's text: the one every reader falls back to.
        .filter(Q(body_en="") | Q(body_en__isnull=True))
        .select_related("module")
        .order_by("module__position", "position")
    )


def course_publish_problems(*, course: Course) -> list[str]:
    """What stands between this course and the catalog, as sentences (empty: none)."""
    problems = []
    if not Lesson.objects.filter(module__course=course).exists():
        problems.append(_("Add at least one lesson: the course is empty."))
    for lesson in _lessons_without_tasks(course):
        problems.append(
            _("“%(module)s › %(lesson)s” has no task: add one, or give it text to read.")
            % {"module": lesson.module.title, "lesson": lesson.title}
        )
    if course.enrollment_mode == EnrollmentMode.PAID:
        if not course.price or course.price <= 0:
            problems.append(_("A paid course needs a price above zero."))
        if not payments_configured():
            problems.append(
                _("A paid course needs a configured payment gateway; none is set up yet.")
            )
    return problems


def require_publishable(course: Course) -> None:
    """Raise the problems (one sentence each) when the course may not be published."""
    problems = course_publish_problems(course=course)
    if problems:
        raise ApplicationError(" ".join(problems), code="not_publishable")
