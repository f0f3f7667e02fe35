"""Staff (admins and instructors) do not enroll themselves, whichever way they try: the app,
the API by session or token, a coupon, a payment. One rule (lms.learning.services.
enrollment_refuse_staff) answers 403 `staff_cannot_enroll` and writes nothing; an admin may
still enroll anyone from the console."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.models import Role
from lms.accounts.services import user_role_set
from lms.accounts.tests.factories import PASSWORD, AdminFactory, InstructorFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import CouponRedemption, Order, OrderStatus
from lms.commerce.tests import fake_gateways as fake
from lms.commerce.tests.factories import CouponFactory
from lms.core.errors import PermissionDeniedError
from lms.learning.models import Enrollment, EnrollmentSource
from lms.learning.services import enrollment_create

pytestmark = pytest.mark.django_db

STAFF = {"instructor": InstructorFactory, "admin": AdminFactory}


def signed_in_api(api_client, user, how: str):
    """The API as `user`: a session (the web app's cookie) or a token from the real
    token endpoint."""
    if how == "session":
        api_client.force_login(user)
    else:
        tokens = api_client.post(
            reverse("api:auth-token"), {"email": user.email, "password": PASSWORD}, format="json"
        )
        assert tokens.status_code == 200, tokens.json()
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    return api_client


def assert_refused(response) -> None:
    assert response.status_code == 403, response.content
    error = response.json()["error"]
    assert error["code"] == "staff_cannot_enroll"
    assert "Staff accounts do not enroll" in error["message"]


def assert_nothing_written() -> None:
    assert not Enrollment.objects.exists()
    assert not Order.objects.exists()
    assert not CouponRedemption.objects.exists()


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize("role", STAFF)
def test_api_free_course(api_client, role, how):
    staff = STAFF[role]()
    course = CourseFactory(instructors=[staff] if role == "instructor" else [])
    client = signed_in_api(api_client, staff, how)
    assert_refused(client.post(reverse("api:course-enroll", args=[course.slug]), {}))
    assert_nothing_written()


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize("role", STAFF)
def test_api_coupon_that_covers_the_price(api_client, role, how):
    course = CourseFactory(coupon_only=True)
    coupon = CouponFactory(code="FREE", max_redemptions=5)
    client = signed_in_api(api_client, STAFF[role](), how)
    response = client.post(reverse("api:course-enroll", args=[course.slug]), {"code": "free"})
    assert_refused(response)
    assert_nothing_written()
    coupon.refresh_from_db()
    assert coupon.redemptions.count() == 0


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize("role", STAFF)
def test_api_paid_course_starts_no_payment(api_client, role, how, gateway_fake):
    course = CourseFactory(paid=True, price=Decimal("4999.00"))
    client = signed_in_api(api_client, STAFF[role](), how)
    assert_refused(client.post(reverse("api:course-enroll", args=[course.slug]), {}))
    assert_refused(client.post(reverse("api:payment-order"), {"course": course.slug}))
    assert_nothing_written()
    assert gateway_fake.razorpay_orders == {}


def test_a_payment_that_arrives_for_a_staff_account_is_flagged(api_client, student, gateway_fake):
    """A student starts paying, becomes an instructor, then the payment arrives: nobody is
    enrolled and the order is flagged for a refund."""
    course = CourseFactory(paid=True, price=Decimal("4999.00"))
    api_client.force_login(student)
    started = api_client.post(reverse("api:payment-order"), {"course": course.slug})
    assert started.status_code == 200, started.json()
    order_id = started.json()["checkout"]["gateway_order_id"]
    user_role_set(user=student, role=Role.INSTRUCTOR, acting_user=AdminFactory())

    payment_id = gateway_fake.razorpay_pay(order_id)
    body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
    api_client.logout()
    webhook = api_client.generic(
        "POST",
        reverse("api:payment-webhook-razorpay"),
        body,
        content_type="application/json",
        **headers,
    )
    assert webhook.status_code == 200, webhook.content
    order = Order.objects.get()
    assert order.status == OrderStatus.FLAGGED
    assert "staff_cannot_enroll" in order.flag_reason
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("role", STAFF)
def test_app_course_page_says_so_and_the_checkout_refuses(client, role):
    staff = STAFF[role]()
    course = CourseFactory()
    client.force_login(staff)
    page = client.get(reverse("student_pwa:course_detail", args=[course.slug])).content.decode()
    assert 'data-testid="staff-enroll-notice"' in page
    assert 'data-testid="enroll-free"' not in page
    url = reverse("student_pwa:course_enroll", args=[course.slug])
    checkout = client.get(url)
    assert checkout.status_code == 200
    assert 'data-testid="staff-enroll-notice"' in checkout.content.decode()
    response = client.post(url, {"action": "enroll"})
    assert response.status_code == 403
    assert "Staff accounts do not enroll" in response.content.decode()
    assert_nothing_written()


def test_app_course_page_offers_its_instructor_the_preview(client):
    teacher = InstructorFactory()
    taught, other = CourseFactory(instructors=[teacher]), CourseFactory()
    client.force_login(teacher)
    roadmap = reverse("student_pwa:course_roadmap", args=[taught.slug])
    page = client.get(reverse("student_pwa:course_detail", args=[taught.slug])).content.decode()
    assert f'href="{roadmap}"' in page and "View as student" in page
    elsewhere = client.get(reverse("student_pwa:course_detail", args=[other.slug]))
    assert "View as student" not in elsewhere.content.decode()
    assert client.get(roadmap).status_code == 200  # the preview, without enrolling


def test_the_service_refuses_staff_enrolling_themselves_and_lets_an_admin_enroll_them():
    instructor, admin = InstructorFactory(), AdminFactory()
    course = CourseFactory()
    for staff in (instructor, admin):
        with pytest.raises(PermissionDeniedError) as refused:
            enrollment_create(user=staff, course=course, source=EnrollmentSource.FREE)
        assert refused.value.code == "staff_cannot_enroll"
    assert not Enrollment.objects.exists()
    enrollment = enrollment_create(
        user=instructor, course=course, source=EnrollmentSource.ADMIN, acting_user=admin
    )
    assert enrollment.user == instructor


def test_the_console_add_form_still_enrolls_an_instructor(client):
    instructor, admin = InstructorFactory(), AdminFactory()
    course = CourseFactory()
    client.force_login(admin)
    response = client.post(
        reverse("admin:learning_enrollment_add"),
        {"user": instructor.pk, "course": course.pk, "source": EnrollmentSource.ADMIN},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrollment.objects.filter(user=instructor, course=course).exists()
