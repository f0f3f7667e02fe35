"""The commerce API: quotes, enrolling, orders."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.learning.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(api_client, student):
    api_client.force_authenticate(student)
    return api_client


def test_quote(buyer):
    course = CourseFactory(paid=True, price=Decimal("1000"))
    CouponFactory(code="QUARTER", value=Decimal("25"))
    response = buyer.post(reverse("api:coupon-quote"), {"code": "quarter", "course": course.slug})
    assert response.status_code == 200
    assert response.json() == {
        "course": course.slug,
        "code": "QUARTER",
        "list_price": "1000.00",
        "discount": "250.00",
        "total": "750.00",
        "currency": "INR",
        "is_free": False,
    }


def test_quote_errors_and_rate_limit(buyer, settings):
    settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 10
    course = CourseFactory(coupon_only=True)
    for _ in range(10):
        response = buyer.post(reverse("api:coupon-quote"), {"code": "GUESS", "course": course.slug})
        assert response.status_code == 400
        assert response.json()["error"] == {
            "code": "coupon_unknown",
            "message": "This coupon code is not valid.",
            "fields": {"code": ["This coupon code is not valid."]},
        }
    response = buyer.post(reverse("api:coupon-quote"), {"code": "GUESS", "course": course.slug})
    assert response.status_code == 429 and response.json()["error"]["code"] == "too_many_attempts"


def test_enroll_with_coupon_at_zero_then_friendly_conflict(buyer, student):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE", max_redemptions=None)
    url = reverse("api:course-enroll", args=[course.slug])
    response = buyer.post(url, {"code": "free"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "enrolled" and body["enrollment"]["source"] == "coupon"
    assert body["order"]["amount"] == "0.00" and body["order"]["coupon_code"] == "FREE"
    again = buyer.post(url, {"code": "free"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_enrolled"
    assert Enrollment.objects.filter(user=student).count() == 1


def test_unverified_person_gets_403(api_client):
    api_client.force_authenticate(StudentFactory(verified=False))
    response = api_client.post(reverse("api:course-enroll", args=[CourseFactory().slug]), {})
    assert response.status_code == 403
    assert (
        response.json()["error"]["message"] == "Please verify your email address before enrolling."
    )


def test_anonymous_is_refused(api_client):
    assert (
        api_client.post(reverse("api:course-enroll", args=[CourseFactory().slug]), {}).status_code
        == 401
    )
    assert api_client.get(reverse("api:my-orders")).status_code == 401


def test_unknown_or_draft_course_is_404(buyer):
    assert buyer.post(reverse("api:course-enroll", args=["nope"]), {}).status_code == 404
    assert (
        buyer.post(
            reverse("api:course-enroll", args=[CourseFactory(draft=True).slug]), {}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("count", [2, 25])
def test_my_orders_paginated_with_constant_queries(
    buyer, student, count, django_assert_num_queries
):
    coupon = CouponFactory(max_redemptions=None)
    for index in range(count):
        OrderFactory(user=student, coupon=coupon if index % 2 else None)
    OrderFactory()  # somebody else's
    with django_assert_num_queries(2):  # count + page (course and coupon joined)
        response = buyer.get(reverse("api:my-orders"))
    body = response.json()
    assert body["count"] == count and len(body["results"]) == min(count, 20)


def test_my_order_detail_only_mine(buyer, student):
    mine, theirs = OrderFactory(user=student), OrderFactory()
    assert buyer.get(reverse("api:my-order", args=[mine.pk])).json()["id"] == mine.pk
    assert buyer.get(reverse("api:my-order", args=[theirs.pk])).status_code == 404
