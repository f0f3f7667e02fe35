import pytest
from django.utils import translation

from lms.accounts.models import Role
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.catalog import services
from lms.catalog.models import Course, CourseStatus, InstructorApplication, Lesson, Module, Task
from lms.catalog.tests.factories import (
    CourseFactory,
    InstructorApplicationFactory,
    LessonDocumentFactory,
    build_course,
)
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.learning import services as learning_services
from lms.learning.models import Enrollment, EnrollmentStatus, TaskCompletion

pytestmark = pytest.mark.django_db


def test_course_create_by_instructor_is_a_sanitized_draft_they_can_edit(instructor):
    course = services.course_create(
        acting_user=instructor,
        title="Python for Everyone",
        description='<p onclick="x()">Hello<script>alert(1)</script></p>',
        title_hi="सभी के लिए पाइथन",
    )
    assert course.status == CourseStatus.DRAFT
    assert course.slug == "python-for-everyone"
    assert course.description == "<p>Hello</p>"
    assert course.title_en == "Python for Everyone"
    assert course.title_hi == "सभी के लिए पाइथन"
    assert list(course.instructors.all()) == [instructor]
    assert instructor.has_perm("catalog.change_course", course)
    second = services.course_create(acting_user=instructor, title="Python for Everyone")
    assert second.slug == "python-for-everyone-2"


def test_course_create_in_hindi_request_still_writes_the_default_language(instructor):
    with translation.override("hi"):
        course = services.course_create(acting_user=instructor, title="Data Science")
    course.refresh_from_db()
    assert course.title_en == "Data Science"


def test_students_cannot_write_courses(student):
    with pytest.raises(PermissionDeniedError):
        services.course_create(acting_user=student, title="Nope")


def test_instructor_cannot_edit_a_course_they_do_not_teach(instructor):
    other = CourseFactory(draft=True)
    with pytest.raises(PermissionDeniedError):
        services.course_update(course=other, acting_user=instructor, title="Mine now")
    with pytest.raises(PermissionDeniedError):
        services.module_create(course=other, acting_user=instructor, title="Sneaky")
    other.refresh_from_db()
    assert other.title != "Mine now"


def test_instructors_change_with_their_permissions(admin_user):
    first, second = InstructorFactory(), InstructorFactory()
    course = CourseFactory()
    services.course_instructors_set(course=course, instructors=[first], acting_user=admin_user)
    assert first.has_perm("catalog.change_course", course)
    services.course_instructors_set(course=course, instructors=[second], acting_user=admin_user)
    first = type(first).objects.get(pk=first.pk)  # fresh permission cache
    assert not first.has_perm("catalog.change_course", course)
    assert second.has_perm("catalog.change_course", course)
    with pytest.raises(ApplicationError):
        services.course_instructors_set(
            course=course, instructors=[StudentFactory()], acting_user=admin_user
        )


def test_review_workflow(instructor, admin_user):
    course = services.course_create(acting_user=instructor, title="Web Basics")
    with pytest.raises(ApplicationError, match="lesson"):
        services.course_submit_for_review(course=course, acting_user=instructor)
    module = services.module_create(course=course, acting_user=instructor, title="Start")
    services.lesson_create(module=module, acting_user=instructor, title="Hello", body="<p>Hi</p>")
    with pytest.raises(PermissionDeniedError):
        services.course_publish(course=course, acting_user=instructor)

    course = services.course_submit_for_review(course=course, acting_user=instructor)
    assert course.status == CourseStatus.IN_REVIEW and course.submitted_at
    with pytest.raises(PermissionDeniedError):
        services.course_approve(course=course, acting_user=instructor)
    with pytest.raises(ApplicationError):
        services.course_reject(course=course, acting_user=admin_user, feedback="  ")

    course = services.course_reject(course=course, acting_user=admin_user, feedback="Add a quiz.")
    assert course.status == CourseStatus.DRAFT and course.review_feedback == "Add a quiz."
    course = services.course_submit_for_review(course=course, acting_user=instructor)
    course = services.course_approve(course=course, acting_user=admin_user)
    assert (
        course.status == CourseStatus.PUBLISHED
        and course.published_at
        and course.review_feedback == ""
    )
    with pytest.raises(ConflictError):
        services.course_approve(course=course, acting_user=admin_user)


def test_publish_unpublish_archive_keep_enrollments_and_completions(admin_user, student):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2)
    learning_services.course_enroll_users(course=course, users=[student], acting_user=admin_user)
    task = Task.objects.filter(lesson__module__course=course).first()
    TaskCompletion.objects.create(user=student, task=task)

    services.course_unpublish(course=course, acting_user=admin_user)
    services.course_publish(course=course, acting_user=admin_user)
    services.course_archive(course=course, acting_user=admin_user)
    course.refresh_from_db()
    assert course.status == CourseStatus.ARCHIVED
    assert Enrollment.objects.filter(
        user=student, course=course, status=EnrollmentStatus.ACTIVE
    ).exists()
    assert TaskCompletion.objects.filter(user=student, task=task).exists()
    with pytest.raises(ConflictError):
        services.course_delete(course=course, acting_user=admin_user)


def test_reorder_keeps_positions_one_to_n(admin_user):
    course = build_course(modules=4, lessons_per_module=1, tasks_per_lesson=0)
    ids = list(course.modules.order_by("position").values_list("pk", flat=True))
    new_order = [ids[2], ids[0], ids[3], ids[1]]
    services.module_reorder(course=course, module_ids=new_order, acting_user=admin_user)
    assert list(course.modules.order_by("position").values_list("pk", "position")) == [
        (pk, position) for position, pk in enumerate(new_order, start=1)
    ]
    for bad in ([ids[0], ids[0], ids[1], ids[2]], ids[:3], [*ids, 999999]):
        with pytest.raises(ApplicationError):
            services.module_reorder(course=course, module_ids=bad, acting_user=admin_user)
    # Deleting closes the gap.
    services.module_delete(module=Module.objects.get(pk=ids[0]), acting_user=admin_user)
    assert list(course.modules.values_list("position", flat=True)) == [1, 2, 3]


def test_lesson_and_task_create_go_to_the_end_and_delete_normalizes(admin_user):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=3)
    module = course.modules.get()
    lesson = services.lesson_create(module=module, acting_user=admin_user, title="Third")
    assert lesson.position == 3
    first_lesson = module.lessons.order_by("position").first()
    middle_task = first_lesson.tasks.get(position=2)
    services.task_delete(task=middle_task, acting_user=admin_user)
    assert list(first_lesson.tasks.values_list("position", flat=True)) == [1, 2]
    services.lesson_delete(lesson=first_lesson, acting_user=admin_user)
    assert list(module.lessons.values_list("position", flat=True)) == [1, 2]


def test_positions_normalize_after_console_edits(admin_user):
    course = build_course(modules=2, lessons_per_module=2, tasks_per_lesson=2)
    Module.objects.filter(course=course).update(position=7)
    Lesson.objects.filter(module__course=course).update(position=0)
    services.course_positions_normalize(course=course)
    assert sorted(course.modules.values_list("position", flat=True)) == [1, 2]
    for module in course.modules.all():
        assert sorted(module.lessons.values_list("position", flat=True)) == [1, 2]


def test_duplicate_deep_copies_the_roadmap(admin_user):
    teacher = InstructorFactory()
    course = build_course(
        modules=2, lessons_per_module=2, tasks_per_lesson=2, instructors=[teacher], title="Django"
    )
    course.title_hi = "जैंगो"
    course.save()
    document = LessonDocumentFactory(lesson=Lesson.objects.filter(module__course=course).first())

    copy = services.course_duplicate(course=course, acting_user=admin_user)

    assert copy.pk != course.pk and copy.slug != course.slug
    assert copy.status == CourseStatus.DRAFT and copy.published_at is None
    assert copy.title_en == "Copy of Django"
    assert copy.title_hi
    assert list(copy.instructors.all()) == [teacher]
    assert teacher.has_perm("catalog.change_course", copy)
    assert copy.modules.count() == 2
    assert Lesson.objects.filter(module__course=copy).count() == 4
    assert Task.objects.filter(lesson__module__course=copy).count() == 8
    original = [
        (
            m.title,
            m.position,
            [
                (lesson.title, lesson.body, list(lesson.tasks.values_list("title", "position")))
                for lesson in m.lessons.all()
            ],
        )
        for m in course.modules.all()
    ]
    copied = [
        (
            m.title,
            m.position,
            [
                (lesson.title, lesson.body, list(lesson.tasks.values_list("title", "position")))
                for lesson in m.lessons.all()
            ],
        )
        for m in copy.modules.all()
    ]
    assert copied == original
    copied_document = Lesson.objects.filter(module__course=copy).first().documents.get()
    assert copied_document.file.name == document.file.name
    # The original is untouched.
    assert Task.objects.filter(lesson__module__course=course).count() == 8


def test_enroll_users_and_cohort_skip_those_already_enrolled(admin_user):
    from lms.accounts.models import CohortMembership

    course = CourseFactory()
    cohort = CohortFactory()
    members = StudentFactory.create_batch(3)
    for member in members:
        CohortMembership.objects.create(cohort=cohort, user=member)
    result = learning_services.course_enroll_users(
        course=course, users=[members[0]], acting_user=admin_user
    )
    assert result == {"enrolled": 1, "skipped": 0}
    result = learning_services.course_enroll_cohort(
        course=course, cohort=cohort, acting_user=admin_user
    )
    assert result == {"enrolled": 2, "skipped": 1}
    assert set(Enrollment.objects.filter(course=course).values_list("source", flat=True)) == {
        "admin"
    }
    with pytest.raises(PermissionDeniedError):
        learning_services.course_enroll_cohort(
            course=course, cohort=cohort, acting_user=InstructorFactory()
        )


def test_instructor_application_flow(admin_user, student):
    application = services.instructor_application_submit(
        user=student, expertise="SQL", motivation="I teach."
    )
    with pytest.raises(ConflictError):
        services.instructor_application_submit(user=student, expertise="SQL", motivation="Again")
    services.instructor_application_approve(application=application, acting_user=admin_user)
    student.refresh_from_db()
    assert student.role == Role.INSTRUCTOR and student.is_staff
    application.refresh_from_db()
    assert application.status == InstructorApplication.Status.APPROVED
    with pytest.raises(ConflictError):
        services.instructor_application_reject(application=application, acting_user=admin_user)


def test_instructor_application_reject(admin_user):
    application = InstructorApplicationFactory()
    services.instructor_application_reject(
        application=application, acting_user=admin_user, feedback="Not yet"
    )
    application.refresh_from_db()
    assert application.status == "rejected" and application.feedback == "Not yet"
    assert application.user.role == Role.STUDENT
    # A rejected applicant may apply again.
    services.instructor_application_submit(
        user=application.user, expertise="Go", motivation="Better now"
    )


def test_course_update_changes_only_given_fields(admin_user):
    course = CourseFactory(title="Old", summary="Keep")
    services.course_update(
        course=course,
        acting_user=admin_user,
        title="New",
        description="<b>x</b><img src=x onerror=y>",
    )
    course = Course.objects.get(pk=course.pk)
    assert course.title == "New" and course.summary == "Keep"
    assert "onerror" not in course.description
    with pytest.raises(ApplicationError):
        services.course_update(course=course, acting_user=admin_user, status="published")
