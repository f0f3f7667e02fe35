import pytest

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.catalog.tests.factories import build_course
from lms.learning.tests.factories import EnrollmentFactory


class Setting:
    """A course taught by `teacher` with two enrolled students (`asker`, `helper`), an
    outsider (not enrolled), and a group of the two students."""

    def __init__(self):
        self.teacher = InstructorFactory()
        self.other_teacher = InstructorFactory()
        self.course = build_course(
            modules=1, lessons_per_module=2, tasks_per_lesson=1, instructors=[self.teacher]
        )
        self.lesson = self.course.modules.get().lessons.order_by("position").first()
        self.asker = StudentFactory(full_name="Asha Asker")
        self.helper = StudentFactory(full_name="Hari Helper")
        self.third = StudentFactory(full_name="Tara Third")
        self.outsider = StudentFactory(full_name="Omar Outsider")
        for student in (self.asker, self.helper, self.third):
            EnrollmentFactory(user=student, course=self.course)
        self.group = CohortFactory(name="Batch A")
        self.other_group = CohortFactory(name="Secret batch")
        for student in (self.asker, self.helper):
            CohortMembership.objects.create(cohort=self.group, user=student)
        CohortMembership.objects.create(cohort=self.other_group, user=self.outsider)


@pytest.fixture
def setting(db):
    return Setting()
