"""One coupon with a chosen code: the same rules as a batch."""

from decimal import Decimal

import pytest

from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import Coupon, CouponScope, DiscountType
from lms.commerce.services.coupons import coupon_create
from lms.commerce.tests.factories import CouponFactory
from lms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def refusal(**kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        coupon_create(**kwargs)
    return caught.value


def test_the_code_is_normalized_and_the_courses_are_set(admin_user):
    course = CourseFactory()
    coupon = coupon_create(
        code="  spring-25 ",
        created_by=admin_user,
        discount_type=DiscountType.FIXED,
        value=Decimal("500"),
        scope=CouponScope.COURSES,
        courses=[course],
    )
    coupon.refresh_from_db()
    assert coupon.code == "SPRING-25" and list(coupon.courses.all()) == [course]
    assert coupon.created_by == admin_user


def test_a_course_scope_needs_courses(admin_user):
    error = refusal(code="ONLY", created_by=admin_user, scope=CouponScope.COURSES, courses=[])
    assert "courses" in error.fields
    assert not Coupon.objects.exists()


@pytest.mark.parametrize("code", ["", "   ", "NO SPACES", "ÀB?"])
def test_a_code_holds_only_letters_digits_and_dashes(admin_user, code):
    assert refusal(code=code, created_by=admin_user).code == "invalid_code"


def test_a_code_in_use_in_any_case_is_refused(admin_user):
    CouponFactory(code="TAKEN")
    error = refusal(code="taken", created_by=admin_user)
    assert error.code == "code_taken" and "code" in error.fields
    assert Coupon.objects.count() == 1


def test_the_models_rules_hold(admin_user):
    error = refusal(code="TOOMUCH", created_by=admin_user, value=Decimal("150"))
    assert error.code == "invalid" and "value" in error.fields
    error = refusal(code="LIMIT", created_by=admin_user, per_user_limit=0)
    assert error.code == "invalid"  # the database constraint, checked before saving
    assert not Coupon.objects.exists()


def test_coupon_update_keeps_the_create_rules():
    from lms.commerce.services.coupons import coupon_update

    coupon = CouponFactory(code="SPRING")
    CouponFactory(code="SUMMER")
    with pytest.raises(ApplicationError) as taken:
        coupon_update(coupon=coupon, code="summer")
    assert taken.value.code == "code_taken"
    with pytest.raises(ApplicationError) as no_courses:
        coupon_update(coupon=CouponFactory(code="AUTUMN"), scope=CouponScope.COURSES, courses=[])
    assert "courses" in no_courses.value.fields
    course = CourseFactory()
    changed = coupon_update(
        coupon=Coupon.objects.get(code="SPRING"),
        code=" spring-2 ",
        scope=CouponScope.COURSES,
        courses=[course],
    )
    assert changed.code == "SPRING-2" and list(changed.courses.all()) == [course]
    with pytest.raises(ApplicationError):
        coupon_update(coupon=changed, created_by=None)
