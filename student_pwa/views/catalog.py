"""Guest pages of the catalog (course catalog, course page, instructors) and the student's
application to teach. The course page shows the syllabus outline only: lesson bodies,
videos and files are served by the learning context to enrolled students."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.accounts.permissions import is_author, is_student
from lms.catalog import selectors, services
from lms.catalog.forms import CatalogFilterForm, InstructorApplicationForm
from lms.core.errors import ApplicationError
from lms.learning.selectors import enrollment_get
from student_pwa.decorators import student_required
from student_pwa.page_cache import guest_page_cache
from student_pwa.views.shared import render_page, staff_enroll_context

COURSES_PER_PAGE = 12


@require_GET
@guest_page_cache
def course_list(request: HttpRequest) -> HttpResponse:
    """The catalog. An htmx request from the filter form gets only the `results` fragment;
    without JavaScript the same form is a plain GET."""
    form = CatalogFilterForm(request.GET or None, domains=selectors.course_domains_published())
    filters = form.filters() if form.is_bound else {"sort": "newest"}
    courses = selectors.course_list_published(**filters)
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.course_stats_attach(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "courses": page.object_list,
        "filtered": any(value for name, value in filters.items() if name != "sort"),
        "query_string": query.urlencode(),
    }
    fragment = "results" if request.htmx and request.htmx.target == "course-results" else "content"
    return render_page(request, "student_pwa/catalog/course_list.html", context, fragment=fragment)


@require_GET
@guest_page_cache
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_get_for_page(slug=slug, user=request.user)
    if course is None:
        raise Http404(_("No such course."))
    enrollment = enrollment_get(user=request.user, course=course)
    context = {
        "course": course,
        "modules": selectors.course_syllabus(course=course),
        "enrollment": enrollment,
        "is_preview": not course.is_published,
        **staff_enroll_context(request, course),
    }
    return render_page(request, "student_pwa/catalog/course_detail.html", context)


@require_GET
@guest_page_cache
def instructor_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "student_pwa/catalog/instructor_list.html",
        {"instructors": selectors.instructor_list_public()},
    )


@require_GET
@guest_page_cache
def instructor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instructor = selectors.instructor_get_public(pk=pk)
    if instructor is None:
        raise Http404(_("No such instructor."))
    context = {
        "instructor": instructor,
        "courses": selectors.instructor_courses_published(instructor=instructor),
    }
    return render_page(request, "student_pwa/catalog/instructor_detail.html", context)


@require_http_methods(["GET", "POST"])
@student_required
def teach_apply(request: HttpRequest) -> HttpResponse:
    """A student applies to teach, or sees where their application stands."""
    application = selectors.instructor_application_latest(user=request.user)
    can_apply = is_student(request.user) and (
        application is None or application.status == "rejected"
    )
    form = InstructorApplicationForm(request.POST or None) if can_apply else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("You cannot apply again right now."))
            return redirect("student_pwa:teach_apply")
        if form.is_valid():
            try:
                services.instructor_application_submit(user=request.user, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thanks! An admin will review your application."))
                return redirect("student_pwa:teach_apply")
    context = {
        "application": application,
        "form": form,
        "is_instructor": is_author(request.user),
    }
    return render_page(request, "student_pwa/catalog/teach_apply.html", context)
