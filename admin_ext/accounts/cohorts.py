"""The group (cohort) page: its members, who join and leave through the accounts services."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin
from lms.accounts import services
from lms.accounts.models import Cohort, CohortMembership


class CohortMembershipInline(TabularInline):
    model = CohortMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "joined_at"]
    readonly_fields = ["joined_at"]
    verbose_name = _("member")
    verbose_name_plural = _("members")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Cohort)
class CohortAdmin(ConsoleModelAdmin):
    list_display = ["name", "member_count", "created_at"]
    search_fields = ["name"]
    inlines = [CohortMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    def save_model(self, request, obj, form, change):
        services.cohort_save(cohort=obj)

    def delete_model(self, request, obj):
        services.cohort_delete(cohort=obj)

    def delete_queryset(self, request, queryset):
        services.cohorts_delete(cohort_ids=list(queryset.values_list("pk", flat=True)))

    def save_formset(self, request, form, formset, change):
        """Members join and leave through the accounts services."""
        formset.save(commit=False)  # only fills the lists the change message reads
        deleted = set(formset.deleted_forms)
        leaving, joining = [], []
        for row in formset.initial_forms:
            if row in deleted or "user" in row.changed_data:
                leaving.append(row.initial["user"])
            if row not in deleted and "user" in row.changed_data:
                joining.append(row.cleaned_data["user"].pk)
        for row in formset.extra_forms:
            if row.has_changed() and row not in deleted:
                joining.append(row.cleaned_data["user"].pk)
        services.cohort_remove_members(cohort=form.instance, user_ids=leaving)
        services.cohort_add_members(cohort=form.instance, user_ids=joining)

    @display(description=_("Members"), ordering="member_total")
    def member_count(self, obj: Cohort) -> int:
        return obj.member_total
