"""The coupon page: usage, filters (expired, batch), deactivate, export, and the link to
generate a batch (admin_ext.commerce.coupon_batches)."""

import csv

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from import_export.admin import ExportMixin
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import action, display

from admin_ext.base import ConsoleAdminMixin
from admin_ext.commerce.coupon_batches import CouponBatchView
from lms.commerce import selectors, services
from lms.commerce.models import Coupon, DiscountType


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
