"""Deleting coupons: only those nobody redeemed, all or none."""

import pytest

from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import Coupon, CouponRedemption
from lms.commerce.services.coupons import coupon_delete, coupons_delete
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _redeem(coupon: Coupon) -> None:
    order = OrderFactory()
    CouponRedemption.objects.create(
        coupon=coupon, user=order.user, order=order, course=order.course
    )


def test_an_unused_coupon_goes_with_its_course_links():
    coupon = CouponFactory(courses=[CourseFactory()])
    coupon_delete(coupon=coupon)
    assert not Coupon.objects.exists()
    assert not Coupon.courses.through.objects.exists()


def test_a_selection_with_redeemed_coupons_is_refused_whole_naming_them():
    unused, first, second = (CouponFactory(code=code) for code in ("FREE", "BETA", "ALPHA"))
    _redeem(first)
    _redeem(second)
    with pytest.raises(ApplicationError) as caught:
        coupons_delete(coupon_ids=[unused.pk, first.pk, second.pk])
    assert caught.value.message.startswith("Coupons ALPHA, BETA have been redeemed")
    assert "Deactivate them instead." in caught.value.message
    assert Coupon.objects.count() == 3
    assert coupons_delete(coupon_ids=[unused.pk]) == 1
