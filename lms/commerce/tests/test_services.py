from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce import selectors, services
from lms.commerce.models import (
    Coupon,
    CouponRedemption,
    CouponScope,
    DiscountType,
    Order,
    OrderStatus,
)
from lms.commerce.services import CODE_ALPHABET
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.learning.models import Enrollment, EnrollmentSource

pytestmark = pytest.mark.django_db


def refusal(callable_, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        callable_(**kwargs)
    return caught.value


@pytest.fixture
def course():
    return CourseFactory(coupon_only=True)


class TestCouponQuote:
    def test_full_coupon_makes_the_course_free_whatever_the_case(self, student, course):
        CouponFactory(code="FREE100")
        quote = services.coupon_quote(user=student, course=course, code="  free100 ")
        assert (quote.list_price, quote.discount, quote.total, quote.is_free) == (
            Decimal("4999.00"),
            Decimal("4999.00"),
            Decimal("0"),
            True,
        )

    def test_percent_and_fixed_discounts(self, student, course):
        CouponFactory(code="HALF", value=Decimal("12.5"))
        CouponFactory(code="MINUS", discount_type=DiscountType.FIXED, value=Decimal("1000"))
        CouponFactory(code="HUGE", discount_type=DiscountType.FIXED, value=Decimal("99999"))
        assert services.coupon_quote(user=student, course=course, code="HALF").total == Decimal(
            "4374.12"
        )
        assert services.coupon_quote(user=student, course=course, code="MINUS").total == Decimal(
            "3999.00"
        )
        assert services.coupon_quote(user=student, course=course, code="HUGE").total == Decimal("0")

    @pytest.mark.parametrize(
        ("setup", "code", "message"),
        [
            ({}, "coupon_unknown", "This coupon code is not valid."),
            ({"active": False}, "coupon_inactive", "This coupon is no longer active."),
            (
                {"valid_from": timezone.now() + timedelta(days=2)},
                "coupon_not_yet_valid",
                "This coupon can be used from",
            ),
            (
                {"expires_at": timezone.now() - timedelta(days=1)},
                "coupon_expired",
                "This coupon expired on",
            ),
            (
                {"wrong_course": True},
                "coupon_wrong_course",
                "This coupon does not apply to this course.",
            ),
            (
                {"used_by_other": True},
                "coupon_exhausted",
                "This coupon has already been fully used.",
            ),
            ({"used_by_self": True}, "coupon_user_limit", "You have already used this coupon."),
        ],
    )
    def test_each_refusal_has_its_own_message(self, student, course, setup, code, message):
        if code != "coupon_unknown":
            options = {
                k: v for k, v in setup.items() if k in {"active", "valid_from", "expires_at"}
            }
            coupon = CouponFactory(
                code="TRYME", max_redemptions=None if setup.get("used_by_self") else 1, **options
            )
            if setup.get("wrong_course"):
                coupon.scope = CouponScope.COURSES
                coupon.save()
                coupon.courses.add(CourseFactory())
            for key, user in (("used_by_other", StudentFactory()), ("used_by_self", student)):
                if setup.get(key):
                    order = OrderFactory(user=user, course=course, amount=0)
                    CouponRedemption.objects.create(
                        coupon=coupon, user=user, order=order, course=course
                    )
        error = refusal(services.coupon_quote, user=student, course=course, code="TRYME")
        assert error.code == code
        assert error.message.startswith(message)
        assert error.fields == {"code": [error.message]}
        # The message never tells whether some other code exists.
        assert "TRYME" not in error.message

    def test_failed_attempts_are_rate_limited_per_person(self, student, course, settings):
        settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 3
        CouponFactory(code="GOOD")
        for attempt in range(3):
            assert (
                refusal(
                    services.coupon_quote, user=student, course=course, code=f"BAD{attempt}"
                ).status
                == 400
            )
        error = refusal(services.coupon_quote, user=student, course=course, code="GOOD")
        assert (error.status, error.code) == (429, "too_many_attempts")
        # Somebody else is not affected.
        assert services.coupon_quote(user=StudentFactory(), course=course, code="GOOD").is_free


class TestCheckout:
    def test_free_course_enrolls_in_one_step_without_an_order(self, student):
        course = CourseFactory()
        result = services.enrollment_checkout(user=student, course=course)
        assert result.enrolled and result.enrollment.source == EnrollmentSource.FREE
        assert not Order.objects.exists()

    def test_coupon_only_course_refuses_without_a_coupon(self, student, course):
        error = refusal(services.enrollment_checkout, user=student, course=course)
        assert error.code == "coupon_required"
        assert not Enrollment.objects.exists()

    def test_full_coupon_records_a_zero_order_with_redemption_and_enrolls(self, student, course):
        coupon = CouponFactory(code="ZERO")
        result = services.enrollment_checkout(user=student, course=course, code="zero")
        assert result.enrollment.source == EnrollmentSource.COUPON
        order = result.order
        assert (order.amount, order.status, order.coupon, order.gateway) == (
            0,
            OrderStatus.PAID,
            coupon,
            "none",
        )
        assert order.redemption.coupon == coupon
        # Enrolling twice: a friendly refusal, no second row; the coupon is not used again.
        error = refusal(services.enrollment_checkout, user=student, course=course, code="zero")
        assert isinstance(error, ConflictError) and error.code == "already_enrolled"
        assert Enrollment.objects.count() == 1 and CouponRedemption.objects.count() == 1

    def test_unverified_person_cannot_enroll(self, course):
        unverified = StudentFactory(verified=False)
        CouponFactory(code="ZERO")
        error = refusal(services.enrollment_checkout, user=unverified, course=course, code="ZERO")
        assert isinstance(error, PermissionDeniedError) and error.code == "email_unverified"

    def test_draft_course_cannot_be_bought(self, student):
        error = refusal(
            services.enrollment_checkout, user=student, course=CourseFactory(draft=True)
        )
        assert error.code == "course_unavailable"

    def test_paid_course_without_gateway_says_payment_is_unavailable(self, student):
        error = refusal(services.enrollment_checkout, user=student, course=CourseFactory(paid=True))
        assert (error.status, error.code) == (503, "payments_unavailable")
        assert not Order.objects.exists()

    def test_per_user_and_total_limits_hold(self, course):
        coupon = CouponFactory(code="TWICE", max_redemptions=2, per_user_limit=1)
        first, second, third = StudentFactory(), StudentFactory(), StudentFactory()
        services.enrollment_checkout(user=first, course=course, code="TWICE")
        services.enrollment_checkout(user=second, course=course, code="TWICE")
        assert (
            refusal(services.enrollment_checkout, user=third, course=course, code="TWICE").code
            == "coupon_exhausted"
        )
        assert coupon.redemptions.count() == 2


class TestBatch:
    def test_generates_unambiguous_unique_codes_with_shared_settings(self, admin_user):
        course = CourseFactory()
        coupons = services.coupon_batch_generate(
            count=20,
            batch="Spring 2025",
            created_by=admin_user,
            scope=CouponScope.COURSES,
            courses=[course],
            expires_at=timezone.now() + timedelta(days=30),
            prefix="spr-",
        )
        codes = [coupon.code for coupon in coupons]
        assert len(set(codes)) == 20
        assert all(
            code.startswith("SPR-") and set(code[4:]) <= set(CODE_ALPHABET) for code in codes
        )
        assert not set("".join(code[4:] for code in codes)) & set("01OIL")
        stored = Coupon.objects.filter(batch="Spring 2025")
        assert stored.count() == 20
        assert {c.max_redemptions for c in stored} == {1}
        assert all(list(c.courses.all()) == [course] for c in stored)

    def test_rejects_bad_settings_and_writes_nothing(self, admin_user):
        error = refusal(
            services.coupon_batch_generate,
            count=5,
            batch="x",
            created_by=admin_user,
            discount_type=DiscountType.PERCENT,
            value=Decimal("150"),
        )
        assert "value" in error.fields
        assert (
            refusal(services.coupon_batch_generate, count=0, batch="x", created_by=admin_user).code
            == "invalid_count"
        )
        assert not Coupon.objects.exists()

    def test_deactivate(self):
        coupons = [CouponFactory(), CouponFactory(), CouponFactory(active=False)]
        assert services.coupons_deactivate(coupon_ids=[c.pk for c in coupons]) == 2
        assert not Coupon.objects.filter(active=True).exists()


def test_code_is_unique_whatever_the_case():
    from django.db import IntegrityError

    CouponFactory(code="Hello")
    with pytest.raises(IntegrityError):
        Coupon.objects.bulk_create([Coupon(code="hello", value=10)])


def test_revenue_is_paid_minus_refunded_per_currency():
    course = CourseFactory(paid=True)
    OrderFactory(course=course, amount=Decimal("100"))
    OrderFactory(
        course=course,
        amount=Decimal("50"),
        status=OrderStatus.REFUNDED,
        paid_at=timezone.now() - timedelta(days=60),
        refunded_at=timezone.now(),
    )
    OrderFactory(
        course=course, amount=Decimal("70"), status=OrderStatus.PAID, paid_at=timezone.now()
    )
    OrderFactory(course=course, amount=Decimal("10"), currency="USD", paid_at=timezone.now())
    OrderFactory(course=course, amount=Decimal("999"), status=OrderStatus.FLAGGED)
    OrderFactory(course=course, amount=Decimal("0"))
    revenue = {row.currency: row for row in selectors.revenue_summary_get()}
    assert revenue["INR"].net == Decimal("170") and revenue["INR"].paid_orders == 2
    # Last 30 days: 70 received, 50 given back (paid earlier).
    assert revenue["INR"].net_last_30_days == Decimal("20")
    assert revenue["USD"].net == Decimal("10")
