"""Factories for coupons and orders. Courses come from the catalog's factories."""

from decimal import Decimal

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce.models import Coupon, CouponScope, DiscountType, Gateway, Order, OrderStatus


class CouponFactory(factory.django.DjangoModelFactory):
    """A 100 % coupon for every course, single-use."""

    class Meta:
        model = Coupon
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"WELCOME{n:04d}")
    discount_type = DiscountType.PERCENT
    value = Decimal("100")
    scope = CouponScope.ALL_COURSES
    max_redemptions = 1
    per_user_limit = 1

    @factory.post_generation
    def courses(coupon, create, extracted, **kwargs):
        if create and extracted:
            coupon.scope = CouponScope.COURSES
            coupon.save(update_fields=["scope"])
            coupon.courses.set(extracted)


class OrderFactory(factory.django.DjangoModelFactory):
    """A paid Razorpay order."""

    class Meta:
        model = Order

    user = factory.SubFactory(StudentFactory)
    course = factory.SubFactory(CourseFactory, paid=True)
    list_price = factory.LazyAttribute(lambda order: order.course.price)
    discount = Decimal("0")
    amount = factory.LazyAttribute(lambda order: order.list_price - order.discount)
    currency = "INR"
    status = OrderStatus.PAID
    gateway = Gateway.RAZORPAY
    gateway_order_id = factory.Sequence(lambda n: f"order_factory_{n}")
    gateway_payment_id = factory.Sequence(lambda n: f"pay_factory_{n}")
