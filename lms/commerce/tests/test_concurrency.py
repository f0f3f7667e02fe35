"""Exactness under concurrency, enforced by the database: many simultaneous requests for
one coupon never exceed its limits. Needs PostgreSQL (row locks); run with e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_commerce pytest lms/commerce/tests/test_concurrency.py"""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import CouponRedemption, Order
from lms.commerce.tests.factories import CouponFactory
from lms.learning.models import Enrollment

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def simultaneously(calls) -> list[int]:
    """Run each call in its own thread, all released at once; returns the status codes."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            statuses[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def enroll_call(user, course, code):
    def call() -> int:
        client = APIClient()
        client.force_authenticate(user)
        return client.post(
            reverse("api:course-enroll", args=[course.slug]), {"code": code}
        ).status_code

    return call


def test_single_use_coupon_redeemed_by_50_simultaneous_requests_succeeds_once(settings):
    settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 1000
    course = CourseFactory(coupon_only=True)
    coupon = CouponFactory(code="ONLYONCE", max_redemptions=1)
    students = [StudentFactory() for _ in range(50)]
    statuses = simultaneously([enroll_call(student, course, "onlyonce") for student in students])
    assert statuses.count(200) == 1, statuses
    assert statuses.count(400) == 49
    assert CouponRedemption.objects.filter(coupon=coupon).count() == 1
    assert Enrollment.objects.count() == 1 and Order.objects.count() == 1


def test_max_redemptions_hold_under_load(settings):
    settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 1000
    course = CourseFactory(coupon_only=True)
    coupon = CouponFactory(code="FIVE", max_redemptions=5, per_user_limit=1)
    statuses = simultaneously([enroll_call(StudentFactory(), course, "FIVE") for _ in range(30)])
    assert statuses.count(200) == 5, statuses
    assert coupon.redemptions.count() == 5 and Enrollment.objects.count() == 5


def test_per_user_limit_holds_under_load(settings):
    settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 1000
    student = StudentFactory()
    courses = [CourseFactory(coupon_only=True) for _ in range(12)]
    coupon = CouponFactory(code="TWOEACH", max_redemptions=None, per_user_limit=2)
    statuses = simultaneously([enroll_call(student, course, "TWOEACH") for course in courses])
    assert statuses.count(200) == 2, statuses
    assert coupon.redemptions.filter(user=student).count() == 2
    assert Enrollment.objects.filter(user=student).count() == 2


def test_simultaneous_webhook_retries_and_browser_verify_enroll_once(gateway_fake):
    """The gateway delivers the same event 8 times at once (retries) while the browser
    verifies the payment: every answer is 200, one event row, one enrollment, one paid
    order, revenue counted once."""
    from decimal import Decimal

    from lms.commerce import selectors
    from lms.commerce.models import OrderStatus, WebhookEvent
    from lms.commerce.tests import fake_gateways as fake

    student = StudentFactory()
    course = CourseFactory(paid=True, price=Decimal("4999.00"))
    client = APIClient()
    client.force_authenticate(student)
    body = client.post(reverse("api:payment-order"), {"course": course.slug}).json()
    order_id = body["checkout"]["gateway_order_id"]
    payment_id = gateway_fake.razorpay_pay(order_id)
    webhook_body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])

    def webhook() -> int:
        return (
            APIClient()
            .generic(
                "POST",
                reverse("api:payment-webhook-razorpay"),
                webhook_body,
                content_type="application/json",
                **headers,
            )
            .status_code
        )

    def verify() -> int:
        browser = APIClient()
        browser.force_authenticate(student)
        return browser.post(
            reverse("api:payment-razorpay-verify"),
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
            },
        ).status_code

    statuses = simultaneously([webhook] * 8 + [verify])
    assert statuses == [200] * 9, statuses
    assert WebhookEvent.objects.count() == 1
    assert Enrollment.objects.filter(user=student, course=course).count() == 1
    assert Order.objects.get().status == OrderStatus.PAID
    assert selectors.revenue_summary_get()[0].net == Decimal("4999.00")
