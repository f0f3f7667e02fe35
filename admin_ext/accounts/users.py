"""The user page: list with role, group and verified-email filters, the add form, a
person's groups, private profile files, and actions (add to a group, change role, disable,
anonymize instead of deleting who has orders)."""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import action, display
from unfold.forms import UserCreationForm as UnfoldUserCreationForm

from admin_ext.actions import bulk_action_with_form
from admin_ext.base import ConsoleAdminMixin
from admin_ext.people_import import PeopleImportExportMixin
from admin_ext.person import person_page
from admin_ext.widgets import PrivateFileWidget
from lms.accounts import services
from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.accounts.profile_files import FILE_FIELDS
from lms.core.private_files import file_response

ANONYMIZED_MESSAGE = _(
    "%(n)d account(s) anonymized and disabled instead of deleted: the academy keeps the "
    "orders that name them."
)


class UserCreationForm(UnfoldUserCreationForm):
    class Meta(UnfoldUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


class VerifiedEmailFilter(admin.SimpleListFilter):
    title = _("email verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Verified")), ("no", _("Not verified"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(email_verified=self.value() == "yes")
        return queryset


class UserCohortInline(TabularInline):
    model = CohortMembership
    extra = 0
    autocomplete_fields = ["cohort"]
    fields = ["cohort", "joined_at"]
    readonly_fields = ["joined_at"]
    verbose_name = _("group")
    verbose_name_plural = _("groups")
    tab = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort")


class GroupChoiceForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Group"), queryset=Cohort.objects.all())


class RoleChoiceForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=Role.choices)


@admin.register(User)
class UserAdmin(ConsoleAdminMixin, PeopleImportExportMixin, ModelAdmin):
    add_form = UserCreationForm
    list_display = [
        "email",
        "full_name",
        "role_label",
        "is_active",
        "email_verified_label",
        "date_joined",
        "last_login",
    ]
    list_filter = ["role", "is_active", VerifiedEmailFilter, ("cohorts", RelatedDropdownFilter)]
    list_filter_submit = True
    search_fields = ["email", "full_name", "phone"]
    ordering = ["-date_joined"]
    readonly_fields = ["date_joined", "last_login", "onboarded_at"]
    inlines = [UserCohortInline]
    actions = ["disable_users", "enable_users", "assign_to_group", "change_role"]
    actions_detail = ["points_link", "overview_link"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "is_active"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "phone",
                    "photo",
                    "college",
                    "domain",
                    "branch",
                    "year",
                    "skills",
                    "resume",
                ],
                "classes": ["tab"],
            },
        ),
        (_("Preferences"), {"fields": ["timezone", "preferred_language"], "classes": ["tab"]}),
        (
            _("History"),
            {"fields": ["date_joined", "last_login", "onboarded_at"], "classes": ["tab"]},
        ),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "role", "password1", "password2"]})]

    def get_urls(self):
        return [
            self.console_path(
                "<int:object_id>/resume/",
                self.resume_view,
                "accounts_user_resume",
                permission="view",
            ),
            self.console_path(
                "<int:object_id>/overview/",
                require_GET(self.overview_view),
                "accounts_user_overview",
                permission="view",
            ),
            *super().get_urls(),
        ]

    def overview_view(self, request: HttpRequest, object_id: int):
        """A person's page: profile, courses with progress, attempts, submissions and
        attendance (read-only)."""
        user = get_object_or_404(User, pk=object_id)
        if not self.has_view_permission(request, user):
            raise PermissionDenied
        return person_page(self, request, user)

    @action(
        description=_("Overview"), url_path="overview-link", icon="person", permissions=["view"]
    )
    def overview_link(self, request, object_id):
        return HttpResponseRedirect(reverse("admin:accounts_user_overview", args=[object_id]))

    def resume_view(self, request: HttpRequest, object_id: int):
        """A person's resume (a private file), for those who may view the person."""
        user = get_object_or_404(User, pk=object_id)
        if not self.has_view_permission(request, user):
            raise PermissionDenied
        if not user.resume:
            raise Http404
        return file_response(request, user.resume, as_attachment=True)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "resume":
            kwargs["widget"] = PrivateFileWidget(
                url_for=lambda f: reverse("admin:accounts_user_resume", args=[f.instance.pk])
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return super().get_queryset(request).annotate(email_verified=Exists(verified))

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    def save_model(self, request, obj, form, change):
        """Through the accounts services: `user_create` for a new account, then for a change
        `user_email_set`, `user_profile_update` (the fields people edit in the app, with the
        app's rules), `user_role_set` and `user_active_set` (the "not yourself" guards, app
        sign-ins revoked on disable). A refusal is a sentence on the form."""
        data = form.cleaned_data
        if not change:
            user = services.user_create(
                email=data["email"],
                full_name=data.get("full_name", ""),
                role=data["role"],
                password=data["password1"],
                acting_user=request.user,
            )
            # The admin logs and redirects to the object it gave us: make it the stored one.
            obj.pk, obj.email, obj._state.adding = user.pk, user.email, False
            return
        stored = User.objects.get(pk=obj.pk)
        changed = set(form.changed_data)
        if "email" in changed:
            services.user_email_set(user=stored, email=data["email"], acting_user=request.user)
        profile = {name: data[name] for name in sorted(changed & services.PROFILE_FIELDS)}
        for name in FILE_FIELDS:
            if profile.get(name) is False:  # the "clear" box
                profile[name] = None
        if profile:
            services.user_profile_update(user=stored, **profile)
        if "role" in changed:
            services.user_role_set(
                user=stored, role=data["role"], acting_user=request.user, request=request
            )
        if "is_active" in changed:
            services.user_active_set(
                user=stored, active=data["is_active"], acting_user=request.user, request=request
            )

    def save_formset(self, request, form, formset, change):
        """The person's groups: joining and leaving through the accounts services."""
        formset.save(commit=False)  # only fills the lists the change message reads
        user_ids = [form.instance.pk]
        deleted = set(formset.deleted_forms)
        for row in formset.initial_forms:
            if row in deleted or "cohort" in row.changed_data:
                left = Cohort.objects.get(pk=row.initial["cohort"])
                services.cohort_remove_members(cohort=left, user_ids=user_ids)
            if row not in deleted and "cohort" in row.changed_data:
                services.cohort_add_members(cohort=row.cleaned_data["cohort"], user_ids=user_ids)
        for row in formset.extra_forms:
            if row.has_changed() and row not in deleted:
                services.cohort_add_members(cohort=row.cleaned_data["cohort"], user_ids=user_ids)

    def get_deleted_objects(self, objs, request):
        """Accounts that orders name are anonymized rather than deleted (the rule of
        `user_delete`): the confirmation page says so instead of refusing them as protected."""
        objs = list(objs)
        kept = [user for user in objs if services.user_is_kept_on_delete(user=user)]
        if not kept:
            return super().get_deleted_objects(objs, request)
        gone = [user for user in objs if user not in kept]
        deleted, counts, perms_needed, _protected = (
            super().get_deleted_objects(gone, request) if gone else ([], {}, set(), [])
        )
        summary = [
            _(
                "%(user)s will be anonymized and disabled, not deleted: the academy keeps "
                "the orders that name this account."
            )
            % {"user": user}
            for user in kept
        ]
        return [*summary, *deleted], counts, perms_needed, []

    def delete_model(self, request, obj):
        if services.user_delete(user=obj, acting_user=request.user) == services.ANONYMIZED:
            self.message_user(request, ANONYMIZED_MESSAGE % {"n": 1}, messages.WARNING)

    def delete_queryset(self, request, queryset):
        outcomes = services.users_delete(
            user_ids=list(queryset.values_list("pk", flat=True)), acting_user=request.user
        )
        if outcomes[services.ANONYMIZED]:
            self.message_user(
                request,
                ANONYMIZED_MESSAGE % {"n": outcomes[services.ANONYMIZED]},
                messages.WARNING,
            )

    @display(
        description=_("Role"),
        label={Role.ADMIN: "danger", Role.INSTRUCTOR: "warning", Role.STUDENT: "info"},
    )
    def role_label(self, obj: User):
        return obj.role

    @display(description=_("Verified"), boolean=True)
    def email_verified_label(self, obj: User) -> bool:
        return obj.email_verified

    @action(description=_("Points"), url_path="points-link", permissions=["view"])
    def points_link(self, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
        """The person's points page (history, level, the adjustment form)."""
        return HttpResponseRedirect(
            reverse("admin:gamification_pointsentry_person", args=[object_id])
        )

    @action(description=_("Disable selected users"), permissions=["change"])
    def disable_users(self, request, queryset):
        count = services.users_set_active(
            user_ids=list(queryset.values_list("pk", flat=True)),
            active=False,
            acting_user=request.user,
            request=request,
        )
        self.message_user(
            request,
            ngettext("%d user disabled.", "%d users disabled.", count) % count,
            messages.SUCCESS,
        )

    @action(description=_("Enable selected users"), permissions=["change"])
    def enable_users(self, request, queryset):
        count = services.users_set_active(
            user_ids=list(queryset.values_list("pk", flat=True)),
            active=True,
            acting_user=request.user,
            request=request,
        )
        self.message_user(
            request,
            ngettext("%d user enabled.", "%d users enabled.", count) % count,
            messages.SUCCESS,
        )

    @action(description=_("Assign selected users to a group"), permissions=["change"])
    def assign_to_group(self, request, queryset):
        def apply(data):
            count = services.cohort_add_members(
                cohort=data["cohort"], user_ids=list(queryset.values_list("pk", flat=True))
            )
            self.message_user(
                request,
                _("%(n)d added to %(group)s.") % {"n": count, "group": data["cohort"]},
                messages.SUCCESS,
            )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=GroupChoiceForm,
            action_name="assign_to_group",
            heading=_("Assign to a group"),
            submit_label=_("Assign"),
            apply=apply,
        )

    @action(description=_("Change role of selected users"), permissions=["change"])
    def change_role(self, request, queryset):
        def apply(data):
            count = services.users_change_role(
                user_ids=list(queryset.values_list("pk", flat=True)),
                role=data["role"],
                acting_user=request.user,
                request=request,
            )
            self.message_user(
                request,
                ngettext("%d user changed.", "%d users changed.", count) % count,
                messages.SUCCESS,
            )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=RoleChoiceForm,
            action_name="change_role",
            heading=_("Change role"),
            submit_label=_("Change role"),
            apply=apply,
        )
