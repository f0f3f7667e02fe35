"""Admin console pages of the chat context: every conversation with its members (read only:
moderation happens in the conversation, through lms.chat.services), and creating an ad-hoc
group chat. Admins only (instructors hold no model permissions here, default deny)."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin, refusal_show
from admin_ext.callbacks import ADMINS_ONLY
from lms.accounts.models import User
from lms.chat import services
from lms.chat.models import Conversation, Membership
from lms.core.errors import ApplicationError


class GroupChatForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("email"),
        required=False,
        label=_("Members"),
        help_text=_("You are added too."),
    )

    class Meta:
        model = Conversation
        fields = ["title"]


class MembershipInline(TabularInline):
    model = Membership
    fields = ["user", "joined_at", "muted", "removed_at", "via_cohort", "last_read_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Conversation)
class ConversationAdmin(ConsoleModelAdmin):
    list_display = ["__str__", "kind", "cohort", "member_count", "last_message_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["cohort"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("memberships", filter=Q(memberships__removed_at__isnull=True))
            )
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = GroupChatForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "members"]
        return ["kind", "title", "cohort", "created_by", "created_at", "last_message_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only once it exists
        try:
            created = services.group_conversation_create(
                acting_user=request.user,
                title=form.cleaned_data["title"],
                member_ids=[user.pk for user in form.cleaned_data["members"]],
            )
        except ApplicationError as error:
            refusal_show(form, error)
            raise
        obj.pk, obj.kind, obj.created_at = created.pk, created.kind, created.created_at
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """Members were added by the service."""

    @display(description=_("Members"), ordering="member_total")
    def member_count(self, obj: Conversation) -> int:
        return obj.member_total


SIDEBAR = [
    {
        "order": 66,
        "title": _("Chat"),
        "collapsible": True,
        "items": [
            {
                "title": _("Conversations"),
                "icon": "forum",
                "link": reverse_lazy("admin:chat_conversation_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    }
]
