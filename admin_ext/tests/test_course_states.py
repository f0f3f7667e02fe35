"""Course actions that follow the course's state, the publishing rule shared by submit,
approve and publish, the instructors' dashboard, and the coupon forms' sentences."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.catalog import services
from lms.catalog.models import CourseStatus, EnrollmentMode, Lesson
from lms.catalog.services import publishing
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.commerce.models import Coupon
from lms.commerce.tests.factories import OrderFactory
from lms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _course(instructor, **fields):
    course = build_course(
        modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[instructor], **fields
    )
    services.course_permissions_sync(course=course)
    return course


def _buttons(client, course) -> set[str]:
    html = client.get(reverse("admin:catalog_course_change", args=[course.pk])).content.decode()
    found = re.findall(
        r"/admin/catalog/course/\d+/(submit|approve|reject|publish|unpublish)/", html
    )
    return set(found)


@pytest.mark.parametrize(
    ("status", "admin_sees", "instructor_sees"),
    [
        (CourseStatus.DRAFT, {"submit", "publish"}, {"submit"}),
        (CourseStatus.IN_REVIEW, {"approve", "reject"}, set()),
        (CourseStatus.PUBLISHED, {"unpublish"}, set()),
        (CourseStatus.ARCHIVED, {"publish"}, set()),
    ],
)
def test_detail_actions_follow_the_state(
    client, admin_user, instructor, status, admin_sees, instructor_sees
):
    course = _course(instructor, status=status)
    client.force_login(admin_user)
    assert _buttons(client, course) == admin_sees
    client.force_login(instructor)
    assert _buttons(client, course) == instructor_sees


def test_reject_from_the_course_page_asks_for_feedback(client, admin_user, instructor):
    course = _course(instructor, status=CourseStatus.IN_REVIEW)
    client.force_login(admin_user)
    url = reverse("admin:catalog_course_reject_detail", args=[course.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="feedback"' in form.content.decode()
    course.refresh_from_db()
    assert course.status == CourseStatus.IN_REVIEW  # a GET changes nothing
    client.post(url, {"apply": "1", "feedback": "Add exercises."})
    course.refresh_from_db()
    assert (course.status, course.review_feedback) == (CourseStatus.DRAFT, "Add exercises.")


def test_the_rule_names_every_problem(instructor):
    course = CourseFactory(draft=True, enrollment_mode=EnrollmentMode.PAID, price=Decimal("0"))
    problems = services.course_publish_problems(course=course)
    assert any("empty" in problem for problem in problems)
    assert any("price" in problem for problem in problems)
    assert any("gateway" in problem for problem in problems)


def test_a_lesson_without_tasks_needs_text_to_read(instructor):
    course = _course(instructor, draft=True)
    lesson = Lesson.objects.get(module__course=course)
    lesson.tasks.all().delete()
    lesson.body_en = ""
    lesson.save()
    assert services.course_publish_problems(course=course) != []
    lesson.body_en = "<p>Read this.</p>"
    lesson.save()
    assert services.course_publish_problems(course=course) == []


@pytest.mark.parametrize("service", ["course_submit_for_review", "course_publish"])
def test_submit_and_publish_use_the_same_rule(admin_user, instructor, service):
    course = CourseFactory(draft=True, instructors=[instructor])
    services.course_permissions_sync(course=course)
    with pytest.raises(ApplicationError) as refusal:
        getattr(services, service)(course=course, acting_user=admin_user)
    assert "empty" in str(refusal.value.message)
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_a_paid_course_needs_a_configured_gateway(admin_user, instructor, monkeypatch):
    course = _course(
        instructor, draft=True, enrollment_mode=EnrollmentMode.PAID, price=Decimal("499")
    )
    monkeypatch.setattr(publishing, "_PAYMENTS_CHECK", [lambda: False])
    assert services.course_publish_problems(course=course) == [
        "A paid course needs a configured payment gateway; none is set up yet."
    ]
    monkeypatch.setattr(publishing, "_PAYMENTS_CHECK", [lambda: True])
    services.course_publish(course=course, acting_user=admin_user)
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED


def test_publishing_in_the_console_is_refused_with_the_reasons(client, admin_user):
    course = CourseFactory(draft=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:catalog_course_publish_detail", args=[course.pk]), follow=True
    )
    assert "Add at least one lesson" in response.content.decode()
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_the_instructors_dashboard_shows_their_courses_only(client, admin_user, instructor):
    _course(instructor, title="Mine", status=CourseStatus.PUBLISHED)
    CourseFactory(title="Not mine")
    CourseFactory(title="Nor this")
    OrderFactory(amount=Decimal("999"), status="paid")
    client.force_login(instructor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Your courses only" in html
    cards = {
        str(card.title): card.value for card in client.get(reverse("admin:index")).context["cards"]
    }
    assert cards["Published courses"] == "1"
    assert "Revenue" not in cards and "People" not in cards

    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Revenue" in html


# --- Coupons ---------------------------------------------------------------------------------


def _batch_form(page) -> dict:
    html = page.content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)
    return {
        "token": token,
        "count": "3",
        "batch": "DIWALI",
        "prefix": "",
        "discount_type": "percent",
        "value": "100",
        "scope": "all",
        "max_redemptions": "1",
        "per_user_limit": "1",
        "active": "on",
    }


def test_a_batch_shows_its_codes_resets_the_form_and_a_resubmit_adds_nothing(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:commerce_coupon_batch")
    data = _batch_form(client.get(url))
    done = client.post(url, data)
    html = done.content.decode()
    codes = list(Coupon.objects.filter(batch="DIWALI").values_list("code", flat=True))
    assert len(codes) == 3 and all(code in html for code in codes)
    assert 'value="DIWALI"' not in html  # the form is fresh again
    assert f'value="{data["token"]}"' not in html  # with a new token

    again = client.post(url, data)  # a reload of the same POST
    assert Coupon.objects.filter(batch="DIWALI").count() == 3
    assert "none were added" in again.content.decode()
    assert all(code in again.content.decode() for code in codes)
