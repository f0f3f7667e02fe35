"""The student app's checkout, payment, return, order list and receipt pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import Order, OrderStatus
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.learning.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def test_htmx_quote_shows_zero_when_covered(signed_in):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE")
    url = reverse("student_pwa:course_enroll", args=[course.slug])
    response = signed_in.post(url, {"action": "quote", "code": "free"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "₹0" in html and "₹4,999" in html
    assert not Enrollment.objects.exists()


def test_htmx_quote_shows_the_refusal(signed_in):
    course = CourseFactory(coupon_only=True)
    url = reverse("student_pwa:course_enroll", args=[course.slug])
    response = signed_in.post(url, {"action": "quote", "code": "NOPE"}, HTTP_HX_REQUEST="true")
    assert "This coupon code is not valid." in response.content.decode()
    assert response["X-Coupon-Status"] == "400"


def test_enroll_with_coupon_then_again_is_friendly(signed_in, student):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE", max_redemptions=None)
    url = reverse("student_pwa:course_enroll", args=[course.slug])
    response = signed_in.post(url, {"action": "enroll", "code": "FREE"})
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=student, course=course).count() == 1
    again = signed_in.post(url, {"action": "enroll", "code": "FREE"}, follow=True)
    assert "already enrolled" in again.content.decode()
    assert Enrollment.objects.count() == 1 and Order.objects.count() == 1


def test_free_course_one_click(signed_in, student):
    course = CourseFactory()
    signed_in.post(reverse("student_pwa:course_enroll", args=[course.slug]), {"action": "enroll"})
    assert Enrollment.objects.filter(user=student, course=course, source="free").exists()


def test_coupon_only_without_code_shows_the_rule(signed_in):
    course = CourseFactory(coupon_only=True)
    response = signed_in.post(
        reverse("student_pwa:course_enroll", args=[course.slug]), {"action": "enroll"}
    )
    assert response.status_code == 400
    assert "open by coupon only" in response.content.decode()


def test_unverified_student_is_sent_to_verify(client):
    client.force_login(StudentFactory(verified=False))
    course = CourseFactory()
    response = client.post(
        reverse("student_pwa:course_enroll", args=[course.slug]), {"action": "enroll"}
    )
    assert response.status_code == 302 and not Enrollment.objects.exists()


def test_paid_course_goes_to_the_payment_page_with_razorpay_csp_only_there(
    signed_in, gateway_fake, settings
):
    settings.STRIPE_SECRET_KEY = ""
    course = CourseFactory(paid=True)
    response = signed_in.post(
        reverse("student_pwa:course_enroll", args=[course.slug]), {"action": "enroll"}
    )
    order = Order.objects.get()
    assert response.url == reverse("student_pwa:payment", args=[order.pk])
    page = signed_in.get(response.url)
    html = page.content.decode()
    assert 'src="https://checkout.razorpay.com/v1/checkout.js"' in html
    assert f'data-order-id="{order.gateway_order_id}"' in html
    assert "https://checkout.razorpay.com" in page["Content-Security-Policy"]
    other = signed_in.get(reverse("student_pwa:order_list"))
    assert "razorpay" not in other["Content-Security-Policy"]


def test_two_gateways_let_the_student_choose(signed_in, gateway_fake):
    course = CourseFactory(paid=True)
    url = reverse("student_pwa:course_enroll", args=[course.slug])
    choose = signed_in.post(url, {"action": "enroll"})
    assert choose.status_code == 200 and 'value="stripe"' in choose.content.decode()
    assert not Order.objects.exists()
    response = signed_in.post(url, {"action": "enroll", "gateway": "stripe"})
    order = Order.objects.get()
    assert order.gateway == "stripe"
    page = signed_in.get(response.url)
    assert order.checkout_url in page.content.decode()


def test_receipt_is_only_for_its_owner(signed_in, student):
    mine = OrderFactory(user=student, amount=Decimal("4999"))
    theirs = OrderFactory()
    assert signed_in.get(reverse("student_pwa:order_receipt", args=[mine.pk])).status_code == 200
    assert signed_in.get(reverse("student_pwa:order_receipt", args=[theirs.pk])).status_code == 404
    assert signed_in.get(reverse("student_pwa:payment", args=[theirs.pk])).status_code == 404


def test_guest_is_sent_to_login(client):
    assert client.get(reverse("student_pwa:order_list")).status_code == 302


@pytest.mark.parametrize("count", [2, 15])
def test_order_list_query_count_does_not_grow(signed_in, student, count, django_assert_num_queries):
    course = CourseFactory(paid=True)
    coupon = CouponFactory(max_redemptions=None)
    for index in range(count):
        OrderFactory(user=student, course=course, coupon=coupon if index % 2 else None)
    # user with its verified email (the session is cached), count, page of orders (with
    # course and coupon)
    with django_assert_num_queries(3):
        response = signed_in.get(reverse("student_pwa:order_list"))
    assert response.content.decode().count("/app/orders/") >= count


def test_receipt_shows_the_coupon_order(signed_in, student):
    course = CourseFactory(coupon_only=True)
    CouponFactory(code="FREE")
    signed_in.post(
        reverse("student_pwa:course_enroll", args=[course.slug]),
        {"action": "enroll", "code": "FREE"},
    )
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    html = signed_in.get(reverse("student_pwa:order_receipt", args=[order.pk])).content.decode()
    assert "FREE" in html and "₹0" in html
