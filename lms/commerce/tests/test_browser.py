"""A verified student enrolls with a coupon at ₹0 from the course page, in Chromium: the
code is checked by htmx and the price recomputed before confirming; no CSP violation."""

import pytest

from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import Order, OrderStatus
from lms.commerce.tests.factories import CouponFactory
from lms.learning.models import Enrollment, EnrollmentSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(student, chromium_browser, sign_in_browser):
    context = chromium_browser.new_context()
    sign_in_browser(context, student)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    try:
        yield page
    finally:
        context.close()


def test_coupon_brings_the_price_to_zero_and_enrolls(live_server, page, student):
    course = CourseFactory(coupon_only=True, title="Full-stack bootcamp")
    CouponFactory(code="BOOT-2025")
    page.goto(f"{live_server.url}/courses/{course.slug}/")
    panel = page.get_by_test_id("enroll-panel")
    assert "₹4,999" in panel.get_by_test_id("enroll-total").inner_text()

    # A wrong code first: its own message, nothing enrolled.
    panel.get_by_label("Coupon code").fill("NOT-A-CODE")
    panel.get_by_test_id("coupon-apply").click()
    page.get_by_test_id("coupon-error").wait_for()
    assert "This coupon code is not valid." in page.get_by_test_id("coupon-error").inner_text()

    panel.get_by_label("Coupon code").fill("boot-2025")
    panel.get_by_test_id("coupon-apply").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=enroll-total]').textContent.includes('₹0')"
    )
    assert page.get_by_test_id("coupon-error").count() == 0
    assert not Enrollment.objects.exists()

    panel.get_by_test_id("enroll-confirm").click()
    page.wait_for_url(lambda url: f"/courses/{course.slug}/" in url and "/enroll/" not in url)
    enrollment = Enrollment.objects.get(user=student, course=course)
    assert enrollment.source == EnrollmentSource.COUPON
    order = Order.objects.get(user=student)
    assert (order.amount, order.status, order.coupon.code) == (0, OrderStatus.PAID, "BOOT-2025")

    page.goto(f"{live_server.url}/app/orders/")
    assert "BOOT-2025" in page.get_by_test_id("order-table").inner_text()
    assert page.csp_violations == []


def test_paid_course_through_razorpay_checkout(live_server, page, student, gateway_fake, settings):
    """The payment page loads checkout.js (answered here by a stand-in that "pays" at once,
    since tests never reach Razorpay), our script posts the result to the verify endpoint,
    and the student lands on the receipt, enrolled."""
    from lms.commerce.tests import fake_gateways as fake

    settings.STRIPE_SECRET_KEY = ""
    course = CourseFactory(paid=True, title="Data science")
    payment = {}

    def checkout_js(route):
        order = Order.objects.get(user=student)
        payment_id = gateway_fake.razorpay_pay(order.gateway_order_id)
        payment["id"] = payment_id
        signature = fake.razorpay_payment_signature(order.gateway_order_id, payment_id)
        route.fulfill(
            content_type="application/javascript",
            body=(
                "window.Razorpay = function (options) {"
                "  this.on = function () {};"
                "  this.open = function () { options.handler({razorpay_order_id: options.order_id,"
                f"    razorpay_payment_id: '{payment_id}', razorpay_signature: '{signature}'}}); }};"
                "};"
            ),
        )

    page.route("https://checkout.razorpay.com/v1/checkout.js", checkout_js)
    page.goto(f"{live_server.url}/courses/{course.slug}/")
    page.get_by_test_id("enroll-confirm").click()
    page.wait_for_url("**/pay/")
    page.get_by_role("button", name="Pay now").click()
    page.get_by_test_id("receipt-total").wait_for()
    assert "₹4,999" in page.get_by_test_id("receipt-total").inner_text()
    order = Order.objects.get(user=student)
    assert (order.status, order.gateway_payment_id) == (OrderStatus.PAID, payment["id"])
    assert Enrollment.objects.get(user=student, course=course).source == EnrollmentSource.PAYMENT
    assert page.csp_violations == []
