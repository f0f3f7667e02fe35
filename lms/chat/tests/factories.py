from lms.accounts.tests.factories import AdminFactory, InstructorFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.chat import services
from lms.learning.tests.factories import EnrollmentFactory


def student_and_instructor():
    """A student enrolled in a course its instructor teaches."""
    instructor, student = InstructorFactory(), StudentFactory()
    course = CourseFactory()
    course.instructors.add(instructor)
    EnrollmentFactory(user=student, course=course)
    return student, instructor


def direct_chat():
    student, instructor = student_and_instructor()
    conversation = services.direct_conversation_open(user=student, other=instructor)
    return conversation, student, instructor


def group_chat(members=(), creator=None):
    creator = creator or AdminFactory()
    conversation = services.group_conversation_create(
        acting_user=creator, title="Study group", member_ids=[m.pk for m in members]
    )
    return conversation, creator
