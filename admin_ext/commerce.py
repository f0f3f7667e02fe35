"""Sales in the console: coupons (usage, filters, deactivate, export, generate a batch with
a CSV download), orders (filters, refund through the gateway) and the gateways' webhook
events (read-only). Admins only: instructors hold no model permission here."""

import csv
import uuid

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from import_export import fields, resources
from import_export.admin import ExportMixin
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateFilter, RelatedDropdownFilter
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import action, display
from unfold.views import UnfoldModelAdminViewMixin
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectMultipleWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSplitDateTimeWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from admin_ext.actions import confirm_first
from admin_ext.base import ConsoleAdminMixin, ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY
from lms.catalog.models import Course
from lms.commerce import selectors, services
from lms.commerce.models import Coupon, CouponScope, DiscountType, Order, OrderStatus, WebhookEvent
from lms.core.errors import ApplicationError


class CouponResource(resources.ModelResource):
    used = fields.Field(attribute="used", column_name="used")
    courses = fields.Field(column_name="courses")

    class Meta:
        model = Coupon
        fields = [
            "code",
            "discount_type",
            "value",
            "scope",
            "courses",
            "active",
            "valid_from",
            "expires_at",
            "max_redemptions",
            "per_user_limit",
            "batch",
            "used",
            "created_at",
        ]
        export_order = fields

    def get_queryset(self):
        return selectors.coupon_list_with_usage().prefetch_related("courses")

    def dehydrate_courses(self, coupon: Coupon) -> str:
        return ", ".join(course.slug for course in coupon.courses.all())


class ExpiredFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expired"

    def lookups(self, request, model_admin):
        return [("yes", _("Expired")), ("no", _("Not expired"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(expires_at__lte=now)
        if self.value() == "no":
            return queryset.exclude(expires_at__lte=now)
        return queryset


class BatchFilter(admin.SimpleListFilter):
    title = _("batch")
    parameter_name = "batch"

    def lookups(self, request, model_admin):
        batches = (
            Coupon.objects.exclude(batch="")
            .order_by("batch")
            .values_list("batch", flat=True)
            .distinct()
        )
        return [(batch, batch) for batch in batches]

    def queryset(self, request, queryset):
        return queryset.filter(batch=self.value()) if self.value() else queryset


class CouponForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # Whether the code is free (whatever its case) is the coupon service's rule, told in
        # its own sentence; the model's constraint would only name itself. The form field
        # still checks the code's length.
        return {*super()._get_validation_exclusions(), "code"}


@admin.register(Coupon)
class CouponAdmin(ConsoleAdminMixin, ExportMixin, ModelAdmin):
    form = CouponForm
    resource_classes = [CouponResource]
    export_form_class = ExportForm
    list_display = [
        "code",
        "discount_label",
        "scope",
        "usage",
        "active",
        "expires_at",
        "batch",
        "created_at",
    ]
    list_filter = [
        "active",
        ExpiredFilter,
        ("courses", RelatedDropdownFilter),
        BatchFilter,
        "discount_type",
    ]
    list_filter_submit = True
    search_fields = ["code", "batch"]
    filter_horizontal = ["courses"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["deactivate"]
    actions_list = ["generate_batch"]
    fieldsets = [
        (None, {"fields": ["code", "discount_type", "value", "active"]}),
        (_("Where"), {"fields": ["scope", "courses"]}),
        (
            _("When and how often"),
            {"fields": ["valid_from", "expires_at", "max_redemptions", "per_user_limit"]},
        ),
        (_("Bookkeeping"), {"fields": ["batch", "created_by", "created_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return selectors.coupon_list_with_usage()

    def save_model(self, request, obj, form, change):
        """Through `coupon_create` / `coupon_update`: the code normalized and free, a course
        scope with courses; a refusal is a sentence on the form."""
        data = form.cleaned_data
        settings = {name: data[name] for name in services.COUPON_SETTINGS if name in data}
        courses = list(data.get("courses") or [])
        if change:
            services.coupon_update(
                coupon=obj,
                code=data["code"],
                courses=courses,
                acting_user=request.user,
                request=request,
                **settings,
            )
            return
        coupon = services.coupon_create(
            code=data["code"],
            created_by=request.user,
            courses=courses,
            request=request,
            **settings,
        )
        # The admin logs and redirects to the object it gave us: make it the stored one.
        obj.pk, obj.code, obj.created_by = coupon.pk, coupon.code, coupon.created_by
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """The services set the courses (none unless the scope names courses)."""

    def get_deleted_objects(self, objs, request):
        # A redeemed coupon is refused by `coupon_delete` with its own sentence ("deactivate
        # it instead"), not by Django's list of protected redemptions.
        deleted, counts, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, []

    def delete_model(self, request, obj):
        services.coupon_delete(coupon=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        services.coupons_delete(
            coupon_ids=list(queryset.values_list("pk", flat=True)),
            acting_user=request.user,
            request=request,
        )

    @display(description=_("Discount"))
    def discount_label(self, coupon: Coupon) -> str:
        if coupon.discount_type == DiscountType.PERCENT:
            return f"{coupon.value.normalize():f} %"
        return f"{coupon.value:,.2f}"

    @display(description=_("Used / remaining"), ordering="used")
    def usage(self, coupon: Coupon) -> str:
        if coupon.max_redemptions is None:
            return f"{coupon.used} / ∞"
        return f"{coupon.used} / {max(coupon.max_redemptions - coupon.used, 0)}"

    @action(description=_("Deactivate selected coupons"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.coupons_deactivate(
            coupon_ids=list(queryset.values_list("pk", flat=True)),
            acting_user=request.user,
            request=request,
        )
        self.message_user(
            request, ngettext("%d coupon deactivated.", "%d coupons deactivated.", count) % count
        )

    @action(description=_("Generate a batch"), icon="auto_awesome", permissions=["add"])
    def generate_batch(self, request: HttpRequest) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:commerce_coupon_batch"))

    def get_urls(self):
        batch_view = CouponBatchView.as_view(model_admin=self)
        return [
            self.console_path("batch/", batch_view, "commerce_coupon_batch", permission="add"),
            self.console_path(
                "batch/csv/", self.batch_csv, "commerce_coupon_batch_csv", permission="view"
            ),
            *super().get_urls(),
        ]

    def batch_csv(self, request: HttpRequest) -> HttpResponse:
        """The codes of one batch as CSV (code, discount, limits, expiry, usage)."""
        batch = request.GET.get("batch", "")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        safe_name = "".join(char if char.isalnum() else "-" for char in batch) or "coupons"
        response["Content-Disposition"] = f'attachment; filename="{safe_name}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "code",
                "discount_type",
                "value",
                "max_redemptions",
                "per_user_limit",
                "expires_at",
                "used",
            ]
        )
        for coupon in selectors.coupon_batch_codes(batch=batch):
            writer.writerow(
                [
                    coupon.code,
                    coupon.discount_type,
                    coupon.value,
                    coupon.max_redemptions or "",
                    coupon.per_user_limit,
                    coupon.expires_at.isoformat() if coupon.expires_at else "",
                    coupon.used,
                ]
            )
        return response


class CouponBatchForm(forms.Form):
    # One token per form shown: posting the same form twice (a reload, a double click)
    # shows the batch it made instead of generating another one into the same label.
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    count = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=1000,
        initial=20,
        widget=UnfoldAdminIntegerFieldWidget,
    )
    batch = forms.CharField(
        label=_("Batch label"),
        max_length=100,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("Shared by these codes; filter and download them by it later."),
    )
    prefix = forms.CharField(
        label=_("Prefix"), max_length=10, required=False, widget=UnfoldAdminTextInputWidget
    )
    discount_type = forms.ChoiceField(
        label=_("Discount type"),
        choices=DiscountType.choices,
        initial=DiscountType.PERCENT,
        widget=UnfoldAdminSelectWidget,
    )
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        initial=100,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    scope = forms.ChoiceField(
        label=_("Applies to"),
        choices=CouponScope.choices,
        initial=CouponScope.ALL_COURSES,
        widget=UnfoldAdminSelectWidget,
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=Course.objects.order_by("title"),
        required=False,
        widget=UnfoldAdminSelectMultipleWidget,
    )
    expires_at = forms.SplitDateTimeField(
        label=_("Expires at"), required=False, widget=UnfoldAdminSplitDateTimeWidget
    )
    max_redemptions = forms.IntegerField(
        label=_("Uses per code"),
        min_value=1,
        required=False,
        initial=1,
        widget=UnfoldAdminIntegerFieldWidget,
        help_text=_("1 = single-use; empty = unlimited."),
    )
    per_user_limit = forms.IntegerField(
        label=_("Uses per person"), min_value=1, initial=1, widget=UnfoldAdminIntegerFieldWidget
    )
    active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, widget=UnfoldBooleanWidget
    )


class CouponBatchView(UnfoldModelAdminViewMixin, FormView):
    """Generate N codes with shared settings, then show them with a CSV download."""

    title = _("Generate a batch of coupons")
    permission_required = ("commerce.add_coupon",)
    template_name = "admin_ext/commerce/coupon_batch.html"
    form_class = CouponBatchForm
    SESSION_KEY = "coupon_batch_tokens"

    def get_initial(self):
        return {**super().get_initial(), "token": uuid.uuid4().hex}

    def _done(self, form, coupons, batch):
        """The new codes beside a fresh, empty form (with a new token)."""
        csv_url = f"{reverse('admin:commerce_coupon_batch_csv')}?{urlencode({'batch': batch})}"
        fresh = self.form_class(initial=self.get_initial())
        return self.render_to_response(
            self.get_context_data(form=fresh, coupons=coupons, csv_url=csv_url)
        )

    def form_valid(self, form):
        data = form.cleaned_data
        token = data.get("token") or ""
        made = self.request.session.get(self.SESSION_KEY, {})
        if token and token in made:
            coupons = list(Coupon.objects.filter(pk__in=made[token]["ids"]).order_by("code"))
            messages.warning(
                self.request,
                _("This form was already sent: these are the codes it generated; none were added."),
            )
            return self._done(form, coupons, made[token]["batch"])
        try:
            coupons = services.coupon_batch_generate(
                created_by=self.request.user,
                request=self.request,
                count=data["count"],
                batch=data["batch"],
                prefix=data["prefix"],
                discount_type=data["discount_type"],
                value=data["value"],
                scope=data["scope"],
                courses=list(data["courses"]),
                expires_at=data["expires_at"],
                max_redemptions=data["max_redemptions"],
                per_user_limit=data["per_user_limit"],
                active=data["active"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            for field, errors in error.fields.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(n)d codes generated.") % {"n": len(coupons)})
        if token:
            # Keep the last few tokens only: enough for a reload or a double click.
            kept = dict(list(made.items())[-9:])
            kept[token] = {"ids": [coupon.pk for coupon in coupons], "batch": data["batch"]}
            self.request.session[self.SESSION_KEY] = kept
        return self._done(form, coupons, data["batch"])


@admin.register(Order)
class OrderAdmin(ConsoleModelAdmin):
    list_display = [
        "id",
        "user",
        "course",
        "amount_label",
        "status_label",
        "gateway",
        "coupon",
        "created_at",
        "paid_at",
    ]
    list_select_related = ["user", "course", "coupon"]
    list_filter = [
        "status",
        "gateway",
        ("course", RelatedDropdownFilter),
        ("created_at", RangeDateFilter),
    ]
    list_filter_submit = True
    search_fields = ["user__email", "gateway_order_id", "gateway_payment_id", "coupon__code"]
    date_hierarchy = "created_at"
    actions = ["refund"]
    actions_detail = ["refund_one"]
    readonly_fields = [
        "user",
        "course",
        "list_price",
        "discount",
        "amount",
        "currency",
        "coupon",
        "status",
        "gateway",
        "gateway_order_id",
        "gateway_payment_id",
        "gateway_refund_id",
        "checkout_url",
        "flag_reason",
        "created_at",
        "paid_at",
        "refunded_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("Amount"), ordering="amount")
    def amount_label(self, order: Order) -> str:
        return f"{order.currency} {order.amount:,.2f}"

    @display(
        description=_("Status"),
        label={
            OrderStatus.PAID: "success",
            OrderStatus.CREATED: "info",
            OrderStatus.FLAGGED: "warning",
            OrderStatus.FAILED: "danger",
            OrderStatus.REFUNDED: "danger",
        },
    )
    def status_label(self, order: Order) -> str:
        return order.status

    def _refund(self, request: HttpRequest, orders) -> None:
        done = 0
        for order in orders:
            try:
                services.order_refund(order=order, acting_user=request.user, request=request)
            except ApplicationError as error:
                self.message_user(request, f"#{order.pk}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%d order refunded.", "%d orders refunded.", done) % done,
                messages.SUCCESS,
            )

    @action(description=_("Refund selected orders (through the gateway)"), permissions=["change"])
    def refund(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._refund(request, queryset)

    @action(description=_("Refund"), permissions=["change"])
    @confirm_first(
        question=_("Refund this order through the gateway? The student loses access."),
        submit_label=_("Refund"),
    )
    def refund_one(self, request: HttpRequest, object_id: int) -> HttpResponseRedirect:
        self._refund(request, Order.objects.filter(pk=object_id))
        return HttpResponseRedirect(reverse("admin:commerce_order_change", args=[object_id]))


@admin.register(WebhookEvent)
class WebhookEventAdmin(ConsoleModelAdmin):
    list_display = ["received_at", "gateway", "type", "event_id", "processed_at"]
    list_filter = ["gateway", "type"]
    search_fields = ["event_id"]
    readonly_fields = ["gateway", "event_id", "type", "payload", "received_at", "processed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 30,
        "title": _("Sales"),
        "collapsible": True,
        "items": [
            {
                "title": _("Coupons"),
                "icon": "sell",
                "link": reverse_lazy("admin:commerce_coupon_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Orders"),
                "icon": "receipt_long",
                "link": reverse_lazy("admin:commerce_order_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Webhook events"),
                "icon": "webhook",
                "link": reverse_lazy("admin:commerce_webhookevent_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
