"""Buying a course in the student app: the checkout page (coupon quote, free and coupon
enrollment), the payment page (Razorpay's checkout.js, or the link to Stripe Checkout),
the return page after Stripe, and the student's purchase history and receipts."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.catalog.models import Course, CourseStatus
from lms.commerce import selectors, services
from lms.commerce.gateways import GatewayError, get_gateway, to_minor_units
from lms.commerce.models import Gateway, OrderStatus
from lms.core.csp import csp_extend
from lms.core.errors import ApplicationError
from lms.learning.selectors import enrollment_get
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page, staff_enroll_context

PANEL = "student_pwa/commerce/enroll_panel.html"
ORDERS_PER_PAGE = 20


def _course_url(course: Course) -> str:
    for name in ("student_pwa:course_roadmap", "student_pwa:course_detail"):
        try:
            return reverse(name, args=[course.slug])
        except NoReverseMatch:
            continue
    return reverse("student_pwa:order_list")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a full page load."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_http_methods(["GET", "POST"])
@student_required
def course_enroll(request: HttpRequest, slug: str) -> HttpResponse:
    """The checkout page. POST `action=quote` prices the course with a code (for htmx
    only the price fragment); POST `action=enroll` enrolls (free, or a coupon covering the
    price) or creates the order and sends the student to the payment page."""
    course = get_object_or_404(Course, slug=slug, status=CourseStatus.PUBLISHED)
    enrollment = enrollment_get(user=request.user, course=course)
    code = (
        request.POST.get("code", "").strip()
        if request.method == "POST"
        else request.GET.get("code", "").strip()
    )
    action = request.POST.get("action", "quote") if request.method == "POST" else ""
    gateways = selectors.gateway_choices()
    context = {
        "course": course,
        "enrollment": enrollment,
        "code": code,
        "quote": None,
        "coupon_error": "",
        "gateways": gateways,
        "chosen_gateway": request.POST.get("gateway", ""),
    }
    status = 200

    if enrollment is not None and enrollment.gives_access and request.method == "POST":
        messages.info(request, _("You are already enrolled in this course."))
        return _redirect(request, _course_url(course))
    context.update(staff_enroll_context(request, course))
    if context.get("staff_notice"):
        # Staff do not enroll (lms.learning.services.enrollment_refuse_staff): the page says
        # so, and a POST changes nothing.
        status = 403 if request.method == "POST" else 200
        return render_page(request, "student_pwa/commerce/checkout.html", context, status=status)

    if action == "quote":
        if code:
            try:
                context["quote"] = services.coupon_quote(
                    user=request.user, course=course, code=code
                )
            except ApplicationError as error:
                context["coupon_error"] = error.message
                status = error.status
        if request.htmx:
            # A 4xx would not be swapped by htmx: the message travels in a 200 fragment.
            response = render_page(request, PANEL, context, fragment="price")
            response["X-Coupon-Status"] = str(status)
            return response
    elif action == "enroll":
        if len(gateways) > 1 and not context["chosen_gateway"] and course.price > 0:
            try:
                quote = (
                    services.coupon_quote(user=request.user, course=course, code=code)
                    if code
                    else None
                )
            except ApplicationError as error:
                context["coupon_error"] = error.message
                status = error.status
            else:
                context["quote"] = quote
                if quote is None or not quote.is_free:
                    # More than one way to pay: let the student pick on the checkout page.
                    context["choose_gateway"] = True
                    return render_page(request, "student_pwa/commerce/checkout.html", context)
        if not context["coupon_error"]:
            try:
                result = services.enrollment_checkout(
                    user=request.user,
                    course=course,
                    code=code,
                    gateway=context["chosen_gateway"],
                    return_url=request.build_absolute_uri(reverse("student_pwa:payment_return")),
                    cancel_url=request.build_absolute_uri(
                        reverse("student_pwa:course_enroll", args=[course.slug])
                    ),
                )
            except ApplicationError as error:
                if error.code == "already_enrolled":
                    messages.info(request, error.message)
                    return _redirect(request, _course_url(course))
                context["coupon_error"] = error.message
                status = error.status
            else:
                if result.enrolled:
                    messages.success(
                        request, _("You are enrolled in %(course)s.") % {"course": course.title}
                    )
                    return _redirect(request, _course_url(course))
                return _redirect(request, reverse("student_pwa:payment", args=[result.order.pk]))
    return render_page(request, "student_pwa/commerce/checkout.html", context, status=status)


RAZORPAY_CSP = {
    "script_src": ["https://checkout.razorpay.com"],
    "frame_src": ["https://api.razorpay.com", "https://checkout.razorpay.com"],
    "connect_src": ["https://api.razorpay.com", "https://lumberjack.razorpay.com"],
    "img_src": ["https://cdn.razorpay.com"],
}


@require_GET
@csp_extend(**RAZORPAY_CSP)
@student_required
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    """The one page that loads a gateway's script (Razorpay's checkout.js), and the only
    one whose Content-Security-Policy allows it. Stripe orders get a link to Stripe."""
    order = selectors.order_get_for_user(user=request.user, pk=pk)
    if order is None:
        raise Http404
    if order.status != OrderStatus.CREATED or not order.gateway_order_id:
        return redirect("student_pwa:order_receipt", pk=order.pk)
    context = {"order": order, "razorpay": None, "stripe_url": ""}
    try:
        get_gateway(order.gateway)
    except GatewayError:  # the gateway's keys were removed since the order was made
        messages.error(request, _("This payment method is no longer available."))
        return redirect("student_pwa:order_receipt", pk=order.pk)
    if order.gateway == Gateway.RAZORPAY:
        context["razorpay"] = {
            "key": settings.RAZORPAY_KEY_ID,
            "order_id": order.gateway_order_id,
            "amount": to_minor_units(order.amount, order.currency),
            "currency": order.currency,
            "name": settings.LMS_SITE_NAME,
            "description": order.course.title,
            "email": request.user.email,
            "full_name": request.user.full_name,
        }
    else:
        context["stripe_url"] = order.checkout_url
    return render_page(request, "student_pwa/commerce/payment.html", context)


@require_GET
@student_required
def payment_return(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the student back: ask Stripe about the session and settle."""
    session_id = request.GET.get("session_id", "")
    context = {"order": None, "error": ""}
    try:
        context["order"] = services.payment_confirm(
            user=request.user, gateway=Gateway.STRIPE, gateway_order_id=session_id
        )
    except ApplicationError as error:
        context["error"] = error.message
    if context["order"] is not None:
        context["course_url"] = _course_url(context["order"].course)
    return render_page(request, "student_pwa/commerce/payment_return.html", context)


@require_GET
@student_required
def order_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.order_list_for_user(user=request.user), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_page(
        request, "student_pwa/commerce/order_list.html", {"page": page, "orders": page.object_list}
    )


@require_GET
@student_required
def order_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.order_get_for_user(user=request.user, pk=pk)
    if order is None:
        raise Http404
    return render_page(
        request,
        "student_pwa/commerce/order_receipt.html",
        {"order": order, "course_url": _course_url(order.course)},
    )
