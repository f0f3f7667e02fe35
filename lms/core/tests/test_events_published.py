"""The catalog's and commerce's services publish their events after commit."""

import pytest

from lms.catalog import services as catalog_services
from lms.catalog.events import CoursePublished, CourseReviewed, CourseSubmitted
from lms.catalog.models import CourseStatus
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.commerce import services as commerce_services
from lms.commerce.events import OrderPaid, OrderRefunded
from lms.commerce.tests.factories import CouponFactory
from lms.core.events import subscribe, unsubscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def listen():
    added = []

    def start(event_type):
        received = []
        subscribe(event_type, received.append)
        added.append((event_type, received.append))
        return received

    yield start
    for event_type, function in added:
        unsubscribe(event_type, function)


def test_the_review_workflow_publishes(
    listen, instructor, admin_user, django_capture_on_commit_callbacks
):
    course = build_course(
        modules=1, lessons_per_module=1, status=CourseStatus.DRAFT, instructors=[instructor]
    )
    catalog_services.course_permissions_sync(course=course)
    submitted, reviewed, published = (
        listen(CourseSubmitted),
        listen(CourseReviewed),
        listen(CoursePublished),
    )
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.course_submit_for_review(course=course, acting_user=instructor)
        catalog_services.course_reject(course=course, acting_user=admin_user, feedback="More.")
        catalog_services.course_submit_for_review(course=course, acting_user=instructor)
        catalog_services.course_approve(course=course, acting_user=admin_user)
    assert [e.acting_user_id for e in submitted] == [instructor.pk, instructor.pk]
    assert [(e.approved, e.feedback) for e in reviewed] == [(False, "More."), (True, "")]
    assert [e.course_id for e in published] == [course.pk]


def test_a_free_coupon_order_publishes_paid_and_its_refund_refunded(
    listen, student, admin_user, django_capture_on_commit_callbacks
):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE100")
    paid, refunded = listen(OrderPaid), listen(OrderRefunded)
    with django_capture_on_commit_callbacks(execute=True):
        result = commerce_services.enrollment_checkout(user=student, course=course, code="free100")
        commerce_services.order_refund(order=result.order, acting_user=admin_user)
    assert [(e.order_id, e.user_id, e.course_id) for e in paid] == [
        (result.order.pk, student.pk, course.pk)
    ]
    assert [e.order_id for e in refunded] == [result.order.pk]


def test_lesson_writes_publish_lesson_events(
    listen, admin_user, django_capture_on_commit_callbacks
):
    from lms.catalog.events import LessonChanged, LessonDeleted

    changed, deleted = listen(LessonChanged), listen(LessonDeleted)
    course = build_course(modules=1, lessons_per_module=1)
    module = course.modules.get()
    with django_capture_on_commit_callbacks(execute=True):
        lesson = catalog_services.lesson_create(module=module, acting_user=admin_user, title="L")
        catalog_services.lesson_update(lesson=lesson, acting_user=admin_user, body="<p>x</p>")
        catalog_services.lesson_save(lesson=lesson, acting_user=admin_user)
        copy = catalog_services.course_duplicate(course=course, acting_user=admin_user)
        lesson_id = lesson.pk
        catalog_services.lesson_delete(lesson=lesson, acting_user=admin_user)
    copied = set(copy.modules.get().lessons.values_list("pk", flat=True))
    assert [e.lesson_id for e in changed[:3]] == [lesson_id] * 3
    assert {e.lesson_id for e in changed[3:]} == copied
    assert [e.lesson_id for e in deleted] == [lesson_id]
