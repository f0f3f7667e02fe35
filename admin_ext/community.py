"""Console pages of the community context: the moderation queue (posts with open flags),
every post one moderates (to find a hidden one and restore it), and posting suspensions.
Actions are bulk actions (POST behind CSRF) that call lms.community.services.moderation:
hide, restore, warn the author, suspend the author's posting for N days.

Admins moderate every post; instructors the Q&A posts of the courses they teach (their
lists show nothing else, and the services check again). Suspensions are admins' only."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from admin_ext.actions import bulk_action_with_form
from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY, AUTHORS
from lms.accounts.permissions import is_admin, is_author
from lms.community import access, selectors
from lms.community.models import FlaggedPost, Post, PostingSuspension
from lms.community.services import moderation
from lms.core.errors import ApplicationError


class WarnForm(forms.Form):
    message = forms.CharField(
        label=_("MemberWarning to the author"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to each selected post's author."),
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days"), min_value=1, max_value=moderation.MAX_SUSPENSION_DAYS
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModeratedPostAdmin(ConsoleModelAdmin):
    """Shared by the queue and the list of all posts."""

    list_display = ["excerpt", "where", "author", "created_at", "open_flags", "state"]
    list_select_related = ["author", "thread__course", "thread__cohort"]
    search_fields = ["body", "thread__title", "author__email", "author__full_name"]
    actions = ["hide", "restore", "warn", "suspend"]
    fields = ["where", "author", "created_at", "state", "content", "flag_reasons"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(request).annotate(
            open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True))
        )

    def scope(self, request: HttpRequest) -> QuerySet:
        return selectors.moderated_posts(user=request.user)

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return is_author(request.user)
        return access.can_moderate(user=request.user, post=obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("Post"))
    def excerpt(self, obj: Post) -> str:
        return format_html(
            "{}", (obj.thread.title if obj.is_opening else "")[:60] or "↳ #" + str(obj.pk)
        )

    @display(description=_("Where"))
    def where(self, obj: Post) -> str:
        thread = obj.thread
        place = thread.course.title if thread.course_id else thread.cohort.name
        return f"{place} · {thread.title}"

    @display(description=_("Open flags"), ordering="open_flag_count")
    def open_flags(self, obj: Post) -> int:
        return getattr(obj, "open_flag_count", 0)

    @display(description=_("State"), label={"hidden": "danger", "shown": "success"})
    def state(self, obj: Post):
        return ("hidden", _("Hidden")) if obj.hidden_at else ("shown", _("Shown"))

    @display(description=_("Content"))
    def content(self, obj: Post):
        # Stored sanitized (lms.core.html), so shown as the members see it.
        return format_html('<div class="prose">{}</div>', obj.body)

    @display(description=_("Flags"))
    def flag_reasons(self, obj: Post):
        flags = obj.flags.filter(resolved_at__isnull=True).select_related("user")
        rows = [(flag.user, flag.reason or "—") for flag in flags]
        return format_html_join("", "<p>{}: {}</p>", rows) or "—"

    def _each(self, request, queryset, act, done: str) -> int:
        count = 0
        for post in queryset.select_related("thread__course", "author"):
            try:
                act(post)
            except ApplicationError as error:
                self.message_user(request, f"#{post.pk}: {error.message}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return count

    @action(description=_("Hide the selected posts"), permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda post: moderation.post_hide(moderator=request.user, post=post, request=request),
            str(_("%(count)d post(s) hidden.")),
        )

    @action(
        description=_("Restore the selected posts (and dismiss their flags)"),
        permissions=["change"],
    )
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda post: moderation.post_restore(
                moderator=request.user, post=post, request=request
            ),
            str(_("%(count)d post(s) restored.")),
        )

    @action(description=_("Warn the authors"), permissions=["change"])
    def warn(self, request: HttpRequest, queryset: QuerySet):
        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=WarnForm,
            action_name="warn",
            heading=_("Warn the authors of the selected posts"),
            submit_label=_("Send the warning"),
            apply=lambda data: self._each(
                request,
                queryset,
                lambda post: moderation.member_warn(
                    moderator=request.user, post=post, message=data["message"], request=request
                ),
                str(_("%(count)d author(s) warned.")),
            ),
        )

    @action(description=_("Suspend the authors' posting"), permissions=["change"])
    def suspend(self, request: HttpRequest, queryset: QuerySet):
        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=SuspendForm,
            action_name="suspend",
            heading=_("Suspend the posting of the selected posts' authors"),
            submit_label=_("Suspend"),
            apply=lambda data: self._each(
                request,
                queryset,
                lambda post: moderation.posting_suspend(
                    moderator=request.user,
                    post=post,
                    days=data["days"],
                    reason=data["reason"],
                    request=request,
                ),
                str(_("%(count)d suspension(s) recorded.")),
            ),
        )


@admin.register(FlaggedPost)
class FlaggedPostAdmin(ModeratedPostAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("-open_flag_count", "-created_at")

    def scope(self, request: HttpRequest) -> QuerySet:
        return selectors.moderation_queue(user=request.user)


@admin.register(Post)
class PostAdmin(ModeratedPostAdmin):
    list_filter = ["hidden_at", "is_opening"]
    ordering = ["-created_at"]


@admin.register(PostingSuspension)
class PostingSuspensionAdmin(ConsoleModelAdmin):
    """Who may not post until when. Deleting a suspension lifts it (admins only)."""

    list_display = ["user", "until", "by", "created_at"]
    list_select_related = ["user", "by"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "until", "reason", "by", "created_at"]
    readonly_fields = ["user", "by", "created_at"]
    ordering = ["-created_at"]

    def has_module_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # suspensions start from a post, in the moderation queue


SIDEBAR = [
    {
        "order": 65,
        "title": _("Community"),
        "collapsible": True,
        "items": [
            {
                "title": _("Moderation queue"),
                "icon": "flag",
                "link": reverse_lazy("admin:community_flaggedpost_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Posts"),
                "icon": "forum",
                "link": reverse_lazy("admin:community_post_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Posting suspensions"),
                "icon": "block",
                "link": reverse_lazy("admin:community_postingsuspension_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    }
]
