"""Admin console pages of the gamification context: the points ledger (read-only; its
"Adjustments" filter is the audit list of manual changes: who, when, why), leaderboards
(viewable and exportable as CSV), a person's points page with the adjustment form, the
bulk adjustment for a group, points rules, the level curve and badges. Admins only:
instructors hold no model permissions here. Writes go through lms.gamification.services."""

import csv

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin, once_per_request
from admin_ext.callbacks import ADMINS_ONLY
from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin
from lms.catalog.models import Course
from lms.core.errors import ApplicationError
from lms.gamification import leaderboard, selectors, services
from lms.gamification.models import (
    Badge,
    BadgeAward,
    LevelCurve,
    PointsEntry,
    PointsRule,
    SourceKind,
)

BOARD_ROWS = 100


class AdjustmentForm(forms.Form):
    points = forms.IntegerField(
        label=_("Points"), help_text=_("Positive to add, negative to take away.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)
    course = forms.ModelChoiceField(
        Course.objects.order_by("title_en"),
        required=False,
        label=_("Course"),
        help_text=_("Optional: counts on that course's board too."),
    )


class BoardAdjustmentForm(AdjustmentForm):
    email = forms.EmailField(label=_("Person's email"))

    field_order = ["email", "points", "reason", "course"]


class GroupAdjustmentForm(AdjustmentForm):
    cohort = forms.ModelChoiceField(Cohort.objects.order_by("name"), label=_("Group"))

    field_order = ["cohort", "points", "reason", "course"]


def _board_filters(request: HttpRequest) -> dict:
    period = request.GET.get("period", "all")
    course = request.GET.get("course", "")
    group = request.GET.get("group", "")
    return {
        "period": period if period in leaderboard.PERIODS else "all",
        "course_id": int(course) if course.isdigit() else None,
        "cohort_id": int(group) if group.isdigit() else None,
    }


@admin.register(PointsEntry)
class PointsEntryAdmin(ConsoleModelAdmin):
    list_display = [
        "created_at",
        "user",
        "points",
        "reason",
        "source_kind",
        "course",
        "cohort",
        "created_by",
    ]
    list_filter = ["source_kind", "created_at"]
    list_select_related = ["user", "course", "cohort", "created_by"]
    search_fields = ["user__email", "user__full_name", "reason"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "user",
        "points",
        "reason",
        "source_kind",
        "source_type",
        "source_id",
        "revision",
        "rule_points",
        "course",
        "cohort",
        "created_by",
        "created_at",
    ]
    fields = readonly_fields

    # The ledger is append-only: rows come from services, corrections are new rows.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_adjust_permission(self, request) -> bool:
        return is_admin(request.user)

    def get_urls(self):
        return [
            self.console_path(
                "leaderboard/",
                self.leaderboard_view,
                "gamification_pointsentry_leaderboard",
                permission="view",
            ),
            self.console_path(
                "person/<int:user_id>/",
                self.person_view,
                "gamification_pointsentry_person",
                permission="adjust",
            ),
            self.console_path(
                "adjust-group/",
                self.group_adjust_view,
                "gamification_pointsentry_adjust_group",
                permission="adjust",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title: str) -> dict:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}

    def leaderboard_view(self, request: HttpRequest) -> HttpResponse:
        """Any board (period, course, group); `download=csv` exports the whole of it; a POST
        adjusts one person's points (by email) and comes back to the same board."""
        filters = _board_filters(request)
        form = BoardAdjustmentForm(request.POST or None)
        adjusting = request.method == "POST" and self.has_adjust_permission(request)
        if adjusting and form.is_valid():
            person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if person is None:
                form.add_error("email", _("Nobody has this email."))
            elif self._adjust(request, form, person):
                return HttpResponseRedirect(request.get_full_path())
        if request.GET.get("download") == "csv":
            return _board_csv(leaderboard.standings_get(**filters))
        board = leaderboard.board_get(user=None, top=BOARD_ROWS, **filters)
        context = {
            **self._context(request, _("Leaderboard")),
            "board": board,
            "filters": filters,
            "courses": Course.objects.order_by("title_en").only("pk", "title_en"),
            "groups": Cohort.objects.order_by("name"),
            "periods": [
                ("all", _("All time")),
                ("week", _("This week")),
                ("month", _("This month")),
            ],
            "form": form,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin_ext/gamification/leaderboard.html", context)

    def person_view(self, request: HttpRequest, user_id: int) -> HttpResponse:
        """A person's points: total, level, badges and history, with the adjustment form."""
        person = get_object_or_404(User, pk=user_id)
        form = AdjustmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and self._adjust(request, form, person):
            return HttpResponseRedirect(request.path)
        context = {
            **self._context(request, _("Points of %(name)s") % {"name": person}),
            "person": person,
            "level": selectors.level_get(user=person),
            "badges": selectors.badges_for_user(user=person),
            "history": selectors.points_history(user=person)[:200],
            "form": form,
        }
        return TemplateResponse(request, "admin_ext/gamification/person.html", context)

    def group_adjust_view(self, request: HttpRequest) -> HttpResponse:
        """The same adjustment for every member of a group (a hackathon prize)."""
        form = GroupAdjustmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                count = services.points_adjust_cohort(
                    cohort=data["cohort"],
                    points=data["points"],
                    reason=data["reason"],
                    course=data["course"],
                    by=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Points adjusted for %d people.") % count)
                return HttpResponseRedirect(
                    reverse("admin:gamification_pointsentry_changelist")
                    + f"?source_kind__exact={SourceKind.MANUAL}"
                )
        context = {**self._context(request, _("Adjust a group's points")), "form": form}
        return TemplateResponse(request, "admin_ext/gamification/group_adjust.html", context)

    def _adjust(self, request, form: forms.Form, person: User) -> bool:
        data = form.cleaned_data
        try:
            services.points_adjust(
                user=person,
                points=data["points"],
                reason=data["reason"],
                course=data["course"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return False
        self.message_user(
            request,
            _("%(points)+d points for %(name)s.") % {"points": data["points"], "name": person},
        )
        return True


def _board_csv(standings: list[leaderboard.Standing]) -> HttpResponse:
    people = {
        pk: (name, email)
        for pk, name, email in User.objects.filter(
            pk__in=[s.user_id for s in standings]
        ).values_list("pk", "full_name", "email")
    }
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="leaderboard.csv"'
    writer = csv.writer(response)
    writer.writerow(["rank", "user_id", "name", "email", "points"])
    for standing in standings:
        writer.writerow(
            [
                standing.rank,
                standing.user_id,
                _csv_safe(people.get(standing.user_id, ("", ""))[0]),
                _csv_safe(people.get(standing.user_id, ("", ""))[1]),
                standing.points,
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to spreadsheets: quote it as text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@admin.register(PointsRule)
class PointsRuleAdmin(ConsoleModelAdmin):
    list_display = ["kind", "points", "streak_days", "active", "updated_at"]
    list_editable = ["points", "active"]
    list_filter = ["active"]
    fields = ["kind", "points", "streak_days", "active"]


@admin.register(LevelCurve)
class LevelCurveAdmin(ConsoleModelAdmin):
    list_display = ["__str__", "base", "coefficient", "max_level", "thresholds"]
    fields = ["base", "coefficient", "max_level", "thresholds"]
    readonly_fields = ["thresholds"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not once_per_request(
            request, "level_curve_exists", LevelCurve.objects.exists
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: LevelCurve, form, change) -> None:
        obj.pk = 1  # the one curve
        super().save_model(request, obj, form, change)

    @display(description=_("XP at each level"))
    def thresholds(self, obj: LevelCurve) -> str:
        if obj.pk is None:
            return "—"
        return ", ".join(
            str(selectors.level_threshold(level=n, base=obj.base, coefficient=obj.coefficient))
            for n in range(1, obj.max_level + 1)
        )


@admin.register(Badge)
class BadgeAdmin(ConsoleModelAdmin):
    list_display = ["name", "criterion", "threshold", "active", "awarded"]
    list_filter = ["criterion", "active"]
    search_fields = ["name"]
    fields = ["name", "description", "criterion", "threshold", "active"]

    @display(description=_("Awarded"))
    def awarded(self, obj: Badge) -> int:
        return obj.awards.count()


@admin.register(BadgeAward)
class BadgeAwardAdmin(ConsoleModelAdmin):
    list_display = ["badge", "user", "awarded_at"]
    list_filter = ["badge"]
    list_select_related = ["badge", "user"]
    search_fields = ["user__email", "user__full_name", "badge__name"]
    readonly_fields = ["badge", "user", "awarded_at"]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def person_points_link(user_id: int) -> str:
    url = reverse("admin:gamification_pointsentry_person", args=[user_id])
    return format_html('<a class="text-primary-600" href="{}">{}</a>', url, _("Points"))


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 67,
        "title": _("Points and badges"),
        "collapsible": True,
        "items": [
            {
                "title": _("Leaderboard"),
                "icon": "leaderboard",
                "link": reverse_lazy("admin:gamification_pointsentry_leaderboard"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Points ledger"),
                "icon": "receipt_long",
                "link": reverse_lazy("admin:gamification_pointsentry_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Adjustments"),
                "icon": "edit_note",
                "link": format_lazy(
                    "{}?source_kind__exact=manual",
                    reverse_lazy("admin:gamification_pointsentry_changelist"),
                ),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Adjust a group"),
                "icon": "group_add",
                "link": reverse_lazy("admin:gamification_pointsentry_adjust_group"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Points rules"),
                "icon": "rule",
                "link": reverse_lazy("admin:gamification_pointsrule_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Level curve"),
                "icon": "trending_up",
                "link": reverse_lazy("admin:gamification_levelcurve_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Badges"),
                "icon": "military_tech",
                "link": reverse_lazy("admin:gamification_badge_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Badges awarded"),
                "icon": "workspace_premium",
                "link": reverse_lazy("admin:gamification_badgeaward_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
