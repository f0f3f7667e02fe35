"""The course page's actions: bulk actions on the list (review workflow, archive, duplicate,
enroll) and the buttons on one course, each calling a catalog or learning service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from admin_ext.actions import bulk_action_with_form, confirm_first
from admin_ext.catalog.forms import EnrollForm, RejectForm
from lms.catalog import services
from lms.catalog.models import Course
from lms.core.errors import ApplicationError
from lms.learning import services as learning_services


class CourseActionsMixin:
    """Mixed into CourseAdmin, which lists these in `actions` and `actions_detail`."""

    # Bulk actions (changelist) ---------------------------------------------------------------

    def _each(self, request, queryset, service, done_message: str, *, audited: bool = True) -> None:
        """`service` on each course; an audited one is given the request (for the client
        address in the audit log)."""
        done = 0
        extra = {"request": request} if audited else {}
        for course in queryset:
            try:
                service(course=course, acting_user=request.user, **extra)
            except ApplicationError as error:
                self.message_user(request, f"{course}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @action(description=_("Submit selected for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._each(
            request, queryset, services.course_submit_for_review, _("%(n)d submitted for review.")
        )

    @action(description=_("Approve selected (publish)"), permissions=["publish"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, services.course_approve, _("%(n)d approved and published."))

    @action(description=_("Reject selected with feedback"), permissions=["publish"])
    def reject_selected(self, request, queryset):
        def apply(data):
            for course in queryset:
                services.course_reject(
                    course=course,
                    acting_user=request.user,
                    feedback=data["feedback"],
                    request=request,
                )
            self.message_user(
                request, _("Sent back to the instructors with your feedback."), messages.SUCCESS
            )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=RejectForm,
            action_name="reject_selected",
            heading=_("Reject with feedback"),
            submit_label=_("Reject"),
            apply=apply,
        )

    @action(description=_("Publish selected"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, services.course_publish, _("%(n)d published."))

    @action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_unpublish,
            _("%(n)d unpublished (enrolled students keep access and progress)."),
        )

    @action(description=_("Archive selected"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._each(request, queryset, services.course_archive, _("%(n)d archived."))

    @action(description=_("Duplicate selected"), permissions=["submit"])
    def duplicate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_duplicate,
            _("%(n)d copied as drafts."),
            audited=False,
        )

    @action(description=_("Enroll people or a group"), permissions=["publish"])
    def enroll_selected(self, request, queryset):
        def apply(data):
            for course in queryset:
                totals = {"enrolled": 0, "skipped": 0}
                if data.get("users"):
                    result = learning_services.course_enroll_users(
                        course=course,
                        users=data["users"],
                        acting_user=request.user,
                        request=request,
                    )
                    totals = {key: totals[key] + result[key] for key in totals}
                if data.get("cohort"):
                    result = learning_services.course_enroll_cohort(
                        course=course,
                        cohort=data["cohort"],
                        acting_user=request.user,
                        request=request,
                    )
                    totals = {key: totals[key] + result[key] for key in totals}
                self.message_user(
                    request,
                    _("%(course)s: %(enrolled)d enrolled, %(skipped)d already enrolled.")
                    % {"course": course, **totals},
                    messages.SUCCESS,
                )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=EnrollForm,
            action_name="enroll_selected",
            heading=_("Enroll into the selected courses"),
            submit_label=_("Enroll"),
            apply=apply,
        )

    # Detail and row actions ------------------------------------------------------------------

    def _course_for_action(self, request, object_id) -> Course:
        course = get_object_or_404(Course, pk=object_id)
        if not self.has_view_permission(request, course):
            raise PermissionDenied
        return course

    def _detail(self, request, object_id, service, success: str):
        course = self._course_for_action(request, object_id)
        try:
            service(course=course, acting_user=request.user, request=request)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_course_change", args=[course.pk]))

    @action(description=_("Submit for review"), url_path="submit", permissions=["submit_now"])
    @confirm_first(
        question=_("Submit this course for review?"), submit_label=_("Submit for review")
    )
    def submit_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.course_submit_for_review, _("Submitted for review.")
        )

    @action(description=_("Approve and publish"), url_path="approve", permissions=["review_now"])
    @confirm_first(
        question=_("Approve and publish this course? Students can enroll at once."),
        submit_label=_("Approve and publish"),
    )
    def approve_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.course_approve, _("Approved and published.")
        )

    @action(description=_("Publish"), url_path="publish", permissions=["publish_now"])
    @confirm_first(
        question=_("Publish this course? Students can enroll at once."), submit_label=_("Publish")
    )
    def publish_detail(self, request, object_id):
        return self._detail(request, object_id, services.course_publish, _("Published."))

    @action(description=_("Unpublish"), url_path="unpublish", permissions=["unpublish_now"])
    @confirm_first(
        question=_("Unpublish this course? Enrolled students keep access and progress."),
        submit_label=_("Unpublish"),
    )
    def unpublish_detail(self, request, object_id):
        return self._detail(request, object_id, services.course_unpublish, _("Unpublished."))

    @action(description=_("Reject with feedback"), url_path="reject", permissions=["review_now"])
    def reject_detail(self, request, object_id):
        """The feedback form for one course in review; the POST sends it back to draft."""
        course = self._course_for_action(request, object_id)

        def apply(data):
            services.course_reject(
                course=course, acting_user=request.user, feedback=data["feedback"]
            )
            self.message_user(
                request, _("Sent back to the instructors with your feedback."), messages.SUCCESS
            )

        response = bulk_action_with_form(
            self,
            request,
            Course.objects.filter(pk=course.pk),
            form_class=RejectForm,
            action_name="reject_detail",
            heading=_("Reject with feedback"),
            submit_label=_("Reject"),
            apply=apply,
        )
        return response or HttpResponseRedirect(
            reverse("admin:catalog_course_change", args=[course.pk])
        )

    # A GET shows the feedback form; only its POST (with "apply") rejects.
    reject_detail.confirms_before_acting = True

    @action(description=_("View as student"), url_path="view-as-student", icon="visibility")
    def view_as_student(self, request, object_id):
        course = self._course_for_action(request, object_id)
        try:
            return HttpResponseRedirect(reverse("student_pwa:course_roadmap", args=[course.slug]))
        except NoReverseMatch:
            self.message_user(
                request, _("The student course page is not available yet."), messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:catalog_course_change", args=[course.pk]))
