"""API endpoints for writing courses: create, update and the review workflow (submit,
approve, reject, publish, unpublish), for admins and the instructors of a course; also the
authoring permission the other contexts' authoring endpoints use. The roadmap under a
course is written through lms.api.roadmap_authoring.

Authoring rights: students get 403 on every authoring endpoint; an instructor gets 403 on
a course (or its modules, lessons, tasks) they do not teach, 404 only when the object does
not exist. The services decide; these views only translate HTTP."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import User
from lms.accounts.permissions import is_admin, is_author
from lms.catalog import services
from lms.catalog.models import Course, CourseLevel, CourseStatus, EnrollmentMode
from lms.core.errors import PermissionDeniedError


class IsAuthor(BasePermission):
    """Admins and instructors; object rights are checked by the services."""

    message = "Only admins and instructors can write courses."

    def has_permission(self, request, view) -> bool:
        return is_author(request.user)


class AuthoringApi(APIView):
    permission_classes = [IsAuthor]


# The views check who may act before they read the body: another course's instructor is
# told 403 whatever they send, not which fields a valid request would need (the services
# check again, for every other caller).
def check_can_edit(user: User, course: Course) -> None:
    if not services.course_can_edit(user=user, course=course):
        raise PermissionDeniedError(
            "You can only change courses you teach.", code="not_course_instructor"
        )


def _check_admin(user: User) -> None:
    if not is_admin(user):
        raise PermissionDeniedError("Only an admin can do this.", code="admin_only")


class AuthoringCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    summary = serializers.CharField()
    description = serializers.CharField()
    domain = serializers.CharField()
    level = serializers.ChoiceField(choices=CourseLevel.choices)
    language = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    enrollment_mode = serializers.ChoiceField(choices=EnrollmentMode.choices)
    status = serializers.ChoiceField(choices=CourseStatus.choices)
    review_feedback = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    instructor_ids = serializers.SerializerMethodField()

    def get_instructor_ids(self, course: Course) -> list[int]:
        return [user.pk for user in course.instructors.all()]


class CourseInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    summary_hi = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    description_hi = serializers.CharField(required=False, allow_blank=True)
    domain = serializers.CharField(max_length=100, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=CourseLevel.choices, required=False)
    language = serializers.CharField(max_length=10, required=False)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    currency = serializers.CharField(max_length=3, required=False)
    enrollment_mode = serializers.ChoiceField(choices=EnrollmentMode.choices, required=False)
    instructor_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Admins only: who teaches the course.",
    )


def _course_output(course: Course) -> dict:
    course = Course.objects.prefetch_related("instructors").get(pk=course.pk)
    return AuthoringCourseSerializer(course).data


def _set_instructors(course: Course, ids: list[int] | None, user: User) -> None:
    if ids is None:
        return
    services.course_instructors_set(
        course=course, instructors=list(User.objects.filter(pk__in=ids)), acting_user=user
    )


class CourseCreateApi(AuthoringApi):
    @extend_schema(
        request=CourseInputSerializer,
        responses={201: AuthoringCourseSerializer},
        tags=["authoring"],
    )
    def post(self, request):
        data = CourseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        instructor_ids = fields.pop("instructor_ids", None)
        instructors = (
            None if instructor_ids is None else list(User.objects.filter(pk__in=instructor_ids))
        )
        course = services.course_create(acting_user=request.user, instructors=instructors, **fields)
        return Response(_course_output(course), status=status.HTTP_201_CREATED)


class CourseUpdateApi(AuthoringApi):
    @extend_schema(
        request=CourseInputSerializer,
        responses={200: AuthoringCourseSerializer},
        tags=["authoring"],
    )
    def patch(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        check_can_edit(request.user, course)
        data = CourseInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        instructor_ids = fields.pop("instructor_ids", None)
        with transaction.atomic():  # the fields and the instructors change together or not at all
            course = self._update(request, course, fields, instructor_ids)
        return Response(_course_output(course))

    def _update(
        self, request, course: Course, fields: dict, instructor_ids: list[int] | None
    ) -> Course:
        if fields:
            course = services.course_update(course=course, acting_user=request.user, **fields)
        _set_instructors(course, instructor_ids, request.user)
        return course


class CourseReviewActionApi(AuthoringApi):
    """POST with no body; one subclass per step of the review workflow."""

    service = None

    @extend_schema(request=None, responses={200: AuthoringCourseSerializer}, tags=["authoring"])
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        course = type(self).service(course=course, acting_user=request.user, request=request)
        return Response(_course_output(course))


class CourseSubmitApi(CourseReviewActionApi):
    """An instructor sends a draft for review."""

    service = staticmethod(services.course_submit_for_review)


class CourseApproveApi(CourseReviewActionApi):
    """Admins: publish a course in review."""

    service = staticmethod(services.course_approve)


class CoursePublishApi(CourseReviewActionApi):
    """Admins: publish directly."""

    service = staticmethod(services.course_publish)


class CourseUnpublishApi(CourseReviewActionApi):
    """Admins: back to draft; enrolled students keep their progress."""

    service = staticmethod(services.course_unpublish)


class CourseRejectApi(AuthoringApi):
    """Admins: back to draft with feedback the instructors read."""

    class InputSerializer(serializers.Serializer):
        feedback = serializers.CharField()

    @extend_schema(
        request=InputSerializer, responses={200: AuthoringCourseSerializer}, tags=["authoring"]
    )
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        _check_admin(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = services.course_reject(
            course=course, acting_user=request.user, request=request, **data.validated_data
        )
        return Response(_course_output(course))


urlpatterns = [
    path("authoring/courses/", CourseCreateApi.as_view(), name="authoring-course-create"),
    path(
        "authoring/courses/<slug:slug>/", CourseUpdateApi.as_view(), name="authoring-course-update"
    ),
    path(
        "authoring/courses/<slug:slug>/submit/",
        CourseSubmitApi.as_view(),
        name="authoring-course-submit",
    ),
    path(
        "authoring/courses/<slug:slug>/approve/",
        CourseApproveApi.as_view(),
        name="authoring-course-approve",
    ),
    path(
        "authoring/courses/<slug:slug>/reject/",
        CourseRejectApi.as_view(),
        name="authoring-course-reject",
    ),
    path(
        "authoring/courses/<slug:slug>/publish/",
        CoursePublishApi.as_view(),
        name="authoring-course-publish",
    ),
    path(
        "authoring/courses/<slug:slug>/unpublish/",
        CourseUnpublishApi.as_view(),
        name="authoring-course-unpublish",
    ),
]
