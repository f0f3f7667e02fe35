"""API endpoints of the commerce context: coupon quotes, enrolling (free, by coupon or by
payment), payment confirmation, gateway webhooks and a person's orders. urlpatterns are
joined into lms/api/urls.py."""

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.catalog.models import Course, CourseStatus
from lms.commerce import selectors, services
from lms.commerce.models import Gateway, Order
from lms.core.errors import ApplicationError
from lms.learning.models import Enrollment

TAGS = ["commerce"]


def _published_course(slug: str) -> Course:
    return get_object_or_404(Course, slug=slug, status=CourseStatus.PUBLISHED)


class CourseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = CourseRefSerializer()
    list_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    discount = serializers.DecimalField(max_digits=10, decimal_places=2)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    coupon_code = serializers.SerializerMethodField()
    status = serializers.CharField()
    gateway = serializers.CharField()
    gateway_order_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    refunded_at = serializers.DateTimeField(allow_null=True)

    def get_coupon_code(self, order: Order) -> str | None:
        return order.coupon.code if order.coupon_id and order.coupon else None


class EnrollmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = CourseRefSerializer()
    source = serializers.CharField()
    status = serializers.CharField()
    enrolled_at = serializers.DateTimeField()


class GatewayCheckoutSerializer(serializers.Serializer):
    gateway = serializers.ChoiceField(choices=[Gateway.RAZORPAY, Gateway.STRIPE])
    gateway_order_id = serializers.CharField()
    redirect_url = serializers.CharField(
        help_text="Stripe: the Checkout page to send the student to."
    )
    client_data = serializers.DictField(help_text="Razorpay: the options for checkout.js.")


class CheckoutResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["enrolled", "payment_required"])
    enrollment = EnrollmentRefSerializer(allow_null=True)
    order = OrderSerializer(allow_null=True)
    checkout = GatewayCheckoutSerializer(allow_null=True)


def _checkout_body(result: services.CheckoutResult) -> dict:
    checkout = None
    if result.checkout is not None:
        checkout = {
            "gateway": result.order.gateway,
            "gateway_order_id": result.checkout.gateway_order_id,
            "redirect_url": result.checkout.redirect_url,
            "client_data": result.checkout.client_data,
        }
    enrollment: Enrollment | None = result.enrollment
    return CheckoutResultSerializer(
        {
            "status": "enrolled" if result.enrolled else "payment_required",
            "enrollment": enrollment,
            "order": result.order,
            "checkout": checkout,
        }
    ).data


def _stripe_return_url(request) -> str:
    try:
        return request.build_absolute_uri(reverse("student_pwa:payment_return"))
    except NoReverseMatch:  # pragma: no cover - the PWA is always installed
        return ""


class CouponQuoteApi(APIView):
    """Price a course with a coupon code for the signed-in person. Failed codes are
    rate-limited per person (429 past the limit)."""

    error_statuses = (404,)  # the course or order named in the body

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=40)
        course = serializers.SlugField(help_text="The course's slug.")

    class OutputSerializer(serializers.Serializer):
        course = serializers.SlugField(source="course.slug")
        code = serializers.CharField(source="coupon.code")
        list_price = serializers.DecimalField(max_digits=10, decimal_places=2)
        discount = serializers.DecimalField(max_digits=10, decimal_places=2)
        total = serializers.DecimalField(max_digits=10, decimal_places=2)
        currency = serializers.CharField()
        is_free = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=TAGS)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = _published_course(data.validated_data["course"])
        quote = services.coupon_quote(
            user=request.user, course=course, code=data.validated_data["code"]
        )
        return Response(self.OutputSerializer(quote).data)


def _checkout(request, *, slug: str, code: str, gateway: str) -> Response:
    """The one checkout: every endpoint below only says which course and gateway."""
    result = services.enrollment_checkout(
        user=request.user,
        course=_published_course(slug),
        code=code,
        gateway=gateway,
        return_url=_stripe_return_url(request),
    )
    return Response(_checkout_body(result))


class CourseEnrollApi(APIView):
    """Enroll in a course: free courses and coupons that cover the price enroll at once;
    otherwise an order is created with the gateway (the first configured one unless
    `gateway` names another) and returned with what the client needs to pay
    (`checkout.client_data` for Razorpay's checkout.js, `checkout.redirect_url` for Stripe).
    The one checkout endpoint, whatever the gateway."""

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=40, required=False, allow_blank=True)
        gateway = serializers.ChoiceField(
            choices=[Gateway.RAZORPAY, Gateway.STRIPE], required=False
        )

    @extend_schema(request=InputSerializer, responses={200: CheckoutResultSerializer}, tags=TAGS)
    def post(self, request, slug: str):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _checkout(
            request,
            slug=slug,
            code=data.validated_data.get("code", ""),
            gateway=data.validated_data.get("gateway", ""),
        )


class _GatewayCheckoutAliasApi(APIView):
    """An older URL of the checkout that names its gateway in the path; it answers exactly
    as `courses/<slug>/enroll` with that `gateway`."""

    gateway = ""

    error_statuses = (404,)  # the course or order named in the body

    class InputSerializer(serializers.Serializer):
        course = serializers.SlugField()
        code = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _checkout(
            request,
            slug=data.validated_data["course"],
            code=data.validated_data.get("code", ""),
            gateway=self.gateway,
        )


class PaymentOrderCreateApi(_GatewayCheckoutAliasApi):
    """Kept for existing clients: the checkout with Razorpay (`courses/<slug>/enroll` with
    `gateway: razorpay`)."""

    gateway = Gateway.RAZORPAY

    class InputSerializer(_GatewayCheckoutAliasApi.InputSerializer):
        pass

    @extend_schema(
        request=InputSerializer,
        responses={200: CheckoutResultSerializer},
        tags=TAGS,
        deprecated=True,
    )
    def post(self, request):
        return super().post(request)


class RazorpayPaymentVerifyApi(APIView):
    """What Razorpay's checkout hands the browser after a payment: the server checks the
    signature and the payment, then enrolls (once, even if the webhook came first)."""

    error_statuses = (404,)  # the course or order named in the body

    class InputSerializer(serializers.Serializer):
        razorpay_order_id = serializers.CharField(max_length=100)
        razorpay_payment_id = serializers.CharField(max_length=100)
        razorpay_signature = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={200: OrderSerializer}, tags=TAGS)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.payment_confirm(
            user=request.user,
            gateway=Gateway.RAZORPAY,
            gateway_order_id=data.validated_data["razorpay_order_id"],
            payment_id=data.validated_data["razorpay_payment_id"],
            signature=data.validated_data["razorpay_signature"],
        )
        return Response(OrderSerializer(order).data)


class StripeSessionCreateApi(_GatewayCheckoutAliasApi):
    """Kept for existing clients: the checkout with Stripe (`courses/<slug>/enroll` with
    `gateway: stripe`)."""

    gateway = Gateway.STRIPE

    class InputSerializer(_GatewayCheckoutAliasApi.InputSerializer):
        pass

    @extend_schema(
        request=InputSerializer,
        responses={200: CheckoutResultSerializer},
        tags=TAGS,
        deprecated=True,
    )
    def post(self, request):
        return super().post(request)


WEBHOOK_RESULT = inline_serializer(
    "WebhookResult",
    fields={"received": serializers.BooleanField(), "duplicate": serializers.BooleanField()},
)


class WebhookApi(APIView):
    """Base for gateway webhooks: no authentication (the signature is the proof), hence
    no CSRF, and no throttling (the gateway retries on its own schedule)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    error_statuses = (404,)  # a gateway that is not configured
    gateway = ""

    def post(self, request):
        # The raw body: the signature covers the exact bytes the gateway sent.
        body = request._request.body
        event = services.webhook_receive(gateway=self.gateway, body=body, headers=request.headers)
        return Response({"received": True, "duplicate": event is None})


class RazorpayWebhookApi(WebhookApi):
    """Razorpay webhook (`payment.captured`, `order.paid`, `payment.failed`), signed in
    `X-Razorpay-Signature` with the webhook secret. Bad signature → 400; replay → 200."""

    gateway = Gateway.RAZORPAY

    @extend_schema(request=None, responses={200: WEBHOOK_RESULT}, tags=TAGS, auth=[])
    def post(self, request):
        return super().post(request)


class StripeWebhookApi(WebhookApi):
    """Stripe webhook (`checkout.session.completed` and friends), signed in
    `Stripe-Signature` with the endpoint's signing secret. Bad signature → 400; replay → 200."""

    gateway = Gateway.STRIPE

    @extend_schema(request=None, responses={200: WEBHOOK_RESULT}, tags=TAGS, auth=[])
    def post(self, request):
        return super().post(request)


class MyOrderListApi(ListAPIView):
    """The signed-in person's orders, newest first (paginated)."""

    serializer_class = OrderSerializer
    pagination_class = PageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.order_list_for_user(user=self.request.user)

    @extend_schema(tags=TAGS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MyOrderDetailApi(APIView):
    """One of the signed-in person's orders (404 for anybody else's)."""

    @extend_schema(responses={200: OrderSerializer}, tags=TAGS)
    def get(self, request, pk: int):
        order = selectors.order_get_for_user(user=request.user, pk=pk)
        if order is None:
            raise ApplicationError(
                _("Order not found."), code="not_found", status=status.HTTP_404_NOT_FOUND
            )
        return Response(OrderSerializer(order).data)


urlpatterns = [
    path("coupons/quote", CouponQuoteApi.as_view(), name="coupon-quote"),
    path("courses/<slug:slug>/enroll", CourseEnrollApi.as_view(), name="course-enroll"),
    path("payments/order", PaymentOrderCreateApi.as_view(), name="payment-order"),
    path(
        "payments/razorpay/verify",
        RazorpayPaymentVerifyApi.as_view(),
        name="payment-razorpay-verify",
    ),
    path(
        "payments/stripe/session", StripeSessionCreateApi.as_view(), name="payment-stripe-session"
    ),
    path(
        "payments/webhooks/razorpay", RazorpayWebhookApi.as_view(), name="payment-webhook-razorpay"
    ),
    path("payments/webhooks/stripe", StripeWebhookApi.as_view(), name="payment-webhook-stripe"),
    path("me/orders/", MyOrderListApi.as_view(), name="my-orders"),
    path("me/orders/<int:pk>/", MyOrderDetailApi.as_view(), name="my-order"),
]
