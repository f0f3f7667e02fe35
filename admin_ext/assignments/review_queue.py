"""The review queue of submissions: filters, files inline, marks with feedback and rubric,
and previous/next without going back to the list."""

from copy import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import display

from admin_ext.assignments.permissions import PermissionByObject, can_work_on
from admin_ext.base import ConsoleModelAdmin
from lms.accounts.models import Cohort
from lms.accounts.permissions import is_author
from lms.assignments import selectors, services
from lms.assignments.models import (
    Submission,
)
from lms.core.errors import ApplicationError


class StatusFilter(SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review")), ("reviewed", _("Reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


class GroupFilter(SimpleListFilter):
    title = _("group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [(cohort.pk, cohort.name) for cohort in Cohort.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(user__cohort_memberships__cohort_id=self.value()).distinct()
        return queryset


class ReviewForm(forms.ModelForm):
    """Marks and feedback, plus one field per rubric criterion. The rules are the
    service's (`submission_review_check`), shown on the form before anything is saved."""

    class Meta:
        model = Submission
        fields = ["marks", "feedback"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(self.instance.assignment.criteria.all()) if self.instance.pk else []
        self.fields["marks"].required = not self.criteria
        self.fields["marks"].help_text = (
            _("0 to %(max)d; pass at %(pass)d.")
            % {
                "max": self.instance.assignment.max_marks,
                "pass": self.instance.assignment.pass_marks,
            }
            if self.instance.pk
            else ""
        )
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=str(criterion),
                required=False,
                initial=(self.instance.rubric_points or {}).get(str(criterion.pk)),
            )

    def rubric_points(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}") is not None
        }

    def clean(self):
        cleaned = super().clean()
        if not self.instance.is_latest:
            raise ValidationError(_("A newer attempt exists; review that one."))
        try:
            marks, _points = services.submission_review_check(
                assignment=self.instance.assignment,
                marks=cleaned.get("marks"),
                rubric_points=self.rubric_points(),
            )
        except ApplicationError as error:
            raise ValidationError(error.message) from error
        cleaned["marks"] = marks
        return cleaned


@admin.register(Submission)
class SubmissionAdmin(PermissionByObject, ConsoleModelAdmin):
    list_display = [
        "user",
        "assignment",
        "course",
        "attempt",
        "submitted_at",
        "late_label",
        "status_label",
        "marks",
    ]
    list_filter = [
        ("assignment", RelatedDropdownFilter),
        ("assignment__course", RelatedDropdownFilter),
        GroupFilter,
        StatusFilter,
        "is_late",
    ]
    list_filter_submit = True
    search_fields = ["user__email", "user__full_name", "assignment__title"]
    ordering = ["submitted_at", "pk"]
    form = ReviewForm
    fields = [
        "user",
        "assignment",
        "attempt",
        "submitted_at",
        "is_late",
        "answer",
        "files_inline",
        "history",
        "marks",
        "feedback",
    ]
    readonly_fields = [
        "user",
        "assignment",
        "attempt",
        "submitted_at",
        "is_late",
        "answer",
        "files_inline",
        "history",
    ]
    change_form_before_template = "admin_ext/assignments/review_navigation.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            selectors.submissions_for_staff(user=request.user)
            .filter(is_latest=True)
            .select_related("user", "assignment__course")
        )

    def get_form(self, request, obj=None, **kwargs):
        # The rubric's fields are added by the form itself, per assignment.
        kwargs["fields"] = ["marks", "feedback"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if obj is not None:
            fields += [f"criterion_{c.pk}" for c in obj.assignment.criteria.all()]
        return fields

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_work_on(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_work_on(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("Course"), ordering="assignment__course")
    def course(self, obj: Submission):
        return obj.assignment.course

    @display(description=_("Late"), label={True: "warning", False: "info"}, boolean=False)
    def late_label(self, obj: Submission):
        return (True, _("Late")) if obj.is_late else (False, _("On time"))

    @display(description=_("Status"), label={"awaiting": "warning", "reviewed": "success"})
    def status_label(self, obj: Submission):
        return ("reviewed", _("Reviewed")) if obj.is_reviewed else ("awaiting", _("Awaiting"))

    @display(description=_("Answer"))
    def answer(self, obj: Submission):
        return format_html('<div class="whitespace-pre-line">{}</div>', obj.text or "—")

    @display(description=_("Files"))
    def files_inline(self, obj: Submission):
        """Each file through the permission-checked file view: PDFs and images shown in the
        page, others linked."""
        parts = []
        for file in obj.files.all():
            url = reverse("student_pwa:submission_file", args=[file.pk])
            name = str(file)
            lower = name.lower()
            if lower.endswith(".pdf"):
                parts.append(
                    format_html(
                        '<p><a href="{}">{}</a></p><iframe src="{}" title="{}" '
                        'style="width:100%;height:32rem;border:1px solid #ccc"></iframe>',
                        url,
                        name,
                        url,
                        name,
                    )
                )
            elif lower.endswith((".png", ".jpg", ".jpeg")):
                parts.append(
                    format_html(
                        '<p><a href="{}">{}</a></p><img src="{}" alt="{}" style="max-width:100%">',
                        url,
                        name,
                        url,
                        name,
                    )
                )
            else:
                parts.append(format_html('<p><a href="{}">{}</a></p>', url, name))
        return format_html_join("", "{}", ((part,) for part in parts)) or "—"

    @display(description=_("Earlier attempts"))
    def history(self, obj: Submission):
        earlier = obj.assignment.submissions.filter(user=obj.user, attempt__lt=obj.attempt)
        rows = [(s.attempt, s.submitted_at, s.text[:200]) for s in earlier.order_by("-attempt")]
        if not rows:
            return "—"
        return format_html_join("", "<p>#{} · {} · {}</p>", rows)

    def save_model(self, request, obj: Submission, form, change) -> None:
        services.submission_review(
            acting_user=request.user,
            request=request,
            submission=obj,
            marks=form.cleaned_data["marks"],
            feedback=form.cleaned_data.get("feedback", ""),
            rubric_points=form.rubric_points(),
        )

    def _queue(self, request: HttpRequest) -> QuerySet:
        """The list as the reviewer filtered it (the filters the change page preserves)."""
        filtered = copy(request)
        filtered.GET = QueryDict(request.GET.get("_changelist_filters", ""))
        return self.get_changelist_instance(filtered).get_queryset(filtered)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        submission = self.get_object(request, object_id)
        if submission is not None and self.has_view_permission(request, submission):
            previous, following = selectors.review_neighbours(
                queryset=self._queue(request), submission=submission
            )
            query = request.GET.urlencode()

            def link(pk):
                if pk is None:
                    return None
                url = reverse("admin:assignments_submission_change", args=[pk])
                return f"{url}?{query}" if query else url

            extra_context.update(previous_url=link(previous), next_url=link(following))
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            _previous, following = selectors.review_neighbours(
                queryset=self._queue(request), submission=obj
            )
            if following is not None:
                self.message_user(
                    request, _("Review saved; here is the next one."), messages.SUCCESS
                )
                url = reverse("admin:assignments_submission_change", args=[following])
                query = request.GET.urlencode()
                return HttpResponseRedirect(f"{url}?{query}" if query else url)
        return super().response_change(request, obj)
