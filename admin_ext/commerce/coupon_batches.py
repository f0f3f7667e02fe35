"""Generating a batch of coupons with shared settings, then showing the codes with a CSV
download; posting the same form twice shows the batch it made instead of a second one."""

import uuid

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
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

from lms.catalog.models import Course
from lms.commerce import services
from lms.commerce.models import Coupon, CouponScope, DiscountType
from lms.core.errors import ApplicationError


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
