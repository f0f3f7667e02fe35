"""Assessments (quizzes and exams): fixed questions, draw rules and a preview of one draw,
results with item analysis and CSV, regrade, extra time or attempts for one student."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from admin_ext.actions import bulk_action_with_form
from admin_ext.assessments.permissions import AuthorPermissions
from admin_ext.base import ConsoleAdminMixin
from admin_ext.callbacks import can_author
from lms.accounts.models import Role, User
from lms.accounts.permissions import is_admin
from lms.assessments import selectors
from lms.assessments.models import Assessment, AssessmentQuestion, DrawRule, Question
from lms.assessments.services import attempts as attempt_services
from lms.assessments.services.authoring import assessment_check
from lms.catalog.models import Task, TaskKind
from lms.catalog.selectors import courses_editable_by
from lms.core.errors import ApplicationError


class FixedQuestionInline(TabularInline):
    model = AssessmentQuestion
    fields = ["position", "question"]
    autocomplete_fields = ["question"]
    extra = 0

    def has_view_permission(self, request, obj=None):
        return can_author(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class DrawRuleInline(FixedQuestionInline):
    model = DrawRule
    fields = ["position", "category", "count", "difficulty"]
    autocomplete_fields = ["category"]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "title",
            "kind",
            "course",
            "task",
            "instructions",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "attempts_allowed",
            "pass_mark_percent",
            "negative_marking",
            "review_policy",
            "shuffle_questions",
            "shuffle_options",
            "proctoring_enabled",
            "violation_threshold",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Assessment(
            pk=self.instance.pk, **{name: cleaned.get(name) for name in self.Meta.fields}
        )
        try:
            assessment_check(assessment=candidate)
        except ApplicationError as error:
            for field, messages_ in error.fields.items():
                for message in messages_:
                    self.add_error(field if field in self.fields else None, message)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return cleaned


class AllowanceForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Student"), queryset=User.objects.filter(role=Role.STUDENT).order_by("email")
    )
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=0, initial=0)
    extra_attempts = forms.IntegerField(label=_("Extra attempts"), min_value=0, initial=0)


@admin.register(Assessment)
class AssessmentAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    form = AssessmentForm
    list_display = ["title", "kind", "course", "task", "attempt_count", "flagged_count"]
    list_filter = ["kind", "course"]
    list_select_related = ["course", "task"]
    search_fields = ["title"]
    inlines = [FixedQuestionInline, DrawRuleInline]
    actions = ["regrade", "grant_allowance"]
    actions_row = ["results_link", "draw_preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "course", "task", "instructions"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "time_limit_minutes",
                    "opens_at",
                    "closes_at",
                    "attempts_allowed",
                    "pass_mark_percent",
                    "negative_marking",
                    "review_policy",
                    "shuffle_questions",
                    "shuffle_options",
                ]
            },
        ),
        (_("Proctoring (exams)"), {"fields": ["proctoring_enabled", "violation_threshold"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(course__in=courses_editable_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course" and not is_admin(request.user):
            kwargs["queryset"] = courses_editable_by(request.user)
        if db_field.name == "task":
            tasks = Task.objects.filter(kind__in=[TaskKind.QUIZ, TaskKind.EXAM]).select_related(
                "lesson__module__course"
            )
            if not is_admin(request.user):
                tasks = tasks.filter(lesson__module__course__in=courses_editable_by(request.user))
            kwargs["queryset"] = tasks
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @display(description=_("Attempts"))
    def attempt_count(self, assessment: Assessment) -> int:
        return assessment.attempts.count()

    @display(description=_("Flagged"))
    def flagged_count(self, assessment: Assessment) -> int:
        return assessment.attempts.filter(flagged=True).count()

    @action(description=_("Regrade all attempts"), permissions=["change"])
    def regrade(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(
            attempt_services.assessment_regrade(
                assessment=assessment, acting_user=request.user, request=request
            )
            for assessment in queryset
        )
        self.message_user(
            request, ngettext("%d attempt regraded.", "%d attempts regraded.", count) % count
        )

    @action(description=_("Extra time or attempts for one student"), permissions=["change"])
    def grant_allowance(self, request: HttpRequest, queryset: QuerySet):
        assessments = list(queryset[:2])
        if len(assessments) != 1:
            self.message_user(request, _("Select one assessment."), messages.WARNING)
            return None

        def apply(data):
            attempt_services.allowance_grant(
                assessment=assessments[0],
                user=data["user"],
                extra_minutes=data["extra_minutes"],
                extra_attempts=data["extra_attempts"],
                acting_user=request.user,
                request=request,
            )
            self.message_user(request, _("Allowance granted."), messages.SUCCESS)

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=AllowanceForm,
            action_name="grant_allowance",
            heading=_("Extra time or attempts for one student"),
            submit_label=_("Grant"),
            apply=apply,
        )

    @action(description=_("Results"), url_path="results-link", icon="leaderboard")
    def results_link(self, request, object_id):
        return HttpResponseRedirect(
            reverse("admin:assessments_assessment_results", args=[object_id])
        )

    @action(description=_("Preview a draw"), url_path="draw-link", icon="casino")
    def draw_preview_link(self, request, object_id):
        return HttpResponseRedirect(reverse("admin:assessments_assessment_draw", args=[object_id]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/results/", view(self.results_view), name="assessments_assessment_results"
            ),
            path(
                "<int:pk>/results.csv",
                view(self.results_csv),
                name="assessments_assessment_results_csv",
            ),
            path("<int:pk>/draw/", view(self.draw_view), name="assessments_assessment_draw"),
            *super().get_urls(),
        ]

    def _assessment(self, request, pk) -> Assessment:
        assessment = get_object_or_404(Assessment.objects.select_related("course"), pk=pk)
        if not self.has_view_permission(request, assessment):
            raise PermissionDenied
        return assessment

    def results_view(self, request, pk):
        assessment = self._assessment(request, pk)
        results = selectors.assessment_results_get(assessment=assessment)
        peak = max((count for _label, count in results.distribution), default=0) or 1
        context = {
            **self.admin_site.each_context(request),
            "title": _("Results: %(title)s") % {"title": assessment.title},
            "opts": self.model._meta,
            "results": results,
            "bars": [
                (label, count, round(count * 100 / peak)) for label, count in results.distribution
            ],
        }
        return TemplateResponse(request, "admin_ext/assessments/results.html", context)

    def results_csv(self, request, pk):
        assessment = self._assessment(request, pk)
        results = selectors.assessment_results_get(assessment=assessment)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "email",
                "name",
                "attempt",
                "submitted_at",
                "score",
                "max_score",
                "percent",
                "passed",
                "flagged",
            ]
        )
        for attempt in results.attempts:
            writer.writerow(
                [
                    attempt.user.email,
                    attempt.user.full_name,
                    attempt.number,
                    attempt.submitted_at.isoformat() if attempt.submitted_at else "",
                    attempt.score,
                    attempt.max_score,
                    attempt.percent,
                    attempt.passed,
                    attempt.flagged,
                ]
            )
        return response

    def draw_view(self, request, pk):
        """One random draw as a student would get it (nothing is saved)."""
        assessment = self._assessment(request, pk)
        error, questions = "", []
        try:
            ids = attempt_services.draw_questions(assessment=assessment)
        except ApplicationError as failure:
            error = failure.message
        else:
            found = Question.objects.select_related("category").in_bulk(ids)
            questions = [found[pk] for pk in ids]
        context = {
            **self.admin_site.each_context(request),
            "title": _("One draw of %(title)s") % {"title": assessment.title},
            "opts": self.model._meta,
            "assessment": assessment,
            "questions": questions,
            "error": error,
        }
        return TemplateResponse(request, "admin_ext/assessments/draw_preview.html", context)
