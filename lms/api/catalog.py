"""API endpoints of the catalog context: the public catalog (courses, syllabus,
instructors) and authoring for admins and the instructors of a course.

Authoring rights: students get 403 on every authoring endpoint; an instructor gets 403 on
a course (or its modules, lessons, tasks) they do not teach, 404 only when the object does
not exist. The services decide; these views only translate HTTP."""

import django_filters
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import filters, generics, serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import User
from lms.accounts.permissions import is_admin, is_author
from lms.catalog import selectors, services
from lms.catalog.cache import PUBLIC_CACHE_SECONDS, public_cache_key
from lms.catalog.models import (
    Course,
    CourseLevel,
    CourseStatus,
    EnrollmentMode,
    Lesson,
    Module,
    Task,
    TaskKind,
)
from lms.core.errors import PermissionDeniedError

# --- Shared serializers ---------------------------------------------------------------------


class InstructorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.SerializerMethodField()
    photo = serializers.ImageField(allow_null=True)
    domain = serializers.CharField()

    def get_full_name(self, user) -> str:
        # A method field, not source="get_full_name": DRF inspects a callable source's
        # signature on every call, which showed up in the catalog's profile.
        return user.get_full_name()


class InstructorPublicSerializer(InstructorSerializer):
    skills = serializers.ListField(child=serializers.CharField())
    published_course_count = serializers.IntegerField()


class CourseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    domain = serializers.CharField()
    level = serializers.ChoiceField(choices=CourseLevel.choices)
    language = serializers.CharField()
    thumbnail = serializers.ImageField(allow_null=True)
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    enrollment_mode = serializers.ChoiceField(choices=EnrollmentMode.choices)
    is_free = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)
    module_count = serializers.IntegerField()
    lesson_count = serializers.IntegerField()
    total_minutes = serializers.IntegerField()
    instructors = InstructorSerializer(many=True)

    def get_is_free(self, course: Course) -> bool:
        return course.enrollment_mode == EnrollmentMode.FREE


class SyllabusLessonSerializer(serializers.Serializer):
    """A lesson as the public sees it: never its body, video or files."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    estimated_minutes = serializers.IntegerField()
    task_count = serializers.IntegerField()


class SyllabusModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    free_order = serializers.BooleanField()
    lessons = SyllabusLessonSerializer(many=True, source="lessons.all")


# --- Public catalog -------------------------------------------------------------------------


class CourseFilter(django_filters.FilterSet):
    domain = django_filters.CharFilter(field_name="domain", lookup_expr="iexact")
    level = django_filters.ChoiceFilter(choices=CourseLevel.choices)
    language = django_filters.CharFilter(field_name="language")
    enrollment_mode = django_filters.ChoiceFilter(choices=EnrollmentMode.choices)
    price_min = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_max = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    is_free = django_filters.BooleanFilter(method="filter_is_free")

    class Meta:
        model = Course
        fields = ["domain", "level", "language", "enrollment_mode"]

    def filter_is_free(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(enrollment_mode=EnrollmentMode.FREE)
        return queryset.exclude(enrollment_mode=EnrollmentMode.FREE)


class CourseListApi(generics.ListAPIView):
    """Published courses: filters, `search` (title, summary), `ordering`
    (title, price, published_at; prefix "-" for descending), pages."""

    permission_classes = [AllowAny]
    serializer_class = CourseSummarySerializer
    filterset_class = CourseFilter
    filter_backends = [
        django_filters.rest_framework.DjangoFilterBackend,
        filters.SearchFilter,
        filters.OrderingFilter,
    ]
    search_fields = ["title_en", "title_hi", "summary_en", "summary_hi"]
    ordering_fields = ["title", "price", "published_at"]
    ordering = ["-published_at", "-pk"]

    def get_queryset(self):
        return selectors.course_list_published()

    def list(self, request, *args, **kwargs):
        # The list is the same for everyone: stored per catalog version, language and URL
        # (lms.catalog.cache drops it when a course changes).
        key = public_cache_key("api-courses", get_language(), request.build_absolute_uri())
        data = cache.get(key)
        if data is None:
            response = super().list(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.data, PUBLIC_CACHE_SECONDS)
            return response
        return Response(data)

    def paginate_queryset(self, queryset):
        # Count and cut the page on the bare query; only the page gets its numbers.
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.course_stats_attach(page)

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CourseDetailApi(APIView):
    """A published course with its syllabus (modules → lessons with minutes and task
    counts). Staff who can edit an unpublished course may read it too."""

    permission_classes = [AllowAny]

    class OutputSerializer(CourseSummarySerializer):
        description = serializers.CharField()
        status = serializers.ChoiceField(choices=CourseStatus.choices)
        modules = SyllabusModuleSerializer(many=True, source="modules_syllabus")

    @extend_schema(responses={200: OutputSerializer}, tags=["catalog"])
    def get(self, request, slug: str):
        course = selectors.course_get_for_page(slug=slug, user=request.user)
        if course is None:
            raise Http404
        course.modules_syllabus = selectors.course_syllabus(course=course)
        return Response(self.OutputSerializer(course, context={"request": request}).data)


class InstructorListApi(generics.ListAPIView):
    """Instructors who teach at least one published course."""

    permission_classes = [AllowAny]
    serializer_class = InstructorPublicSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.instructor_list_public()

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- Authoring ------------------------------------------------------------------------------


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
def _check_can_edit(user: User, course: Course) -> None:
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
        _check_can_edit(request.user, course)
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
        course = type(self).service(course=course, acting_user=request.user)
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
            course=course, acting_user=request.user, **data.validated_data
        )
        return Response(_course_output(course))


# Modules ---------------------------------------------------------------------------------------


class ModuleOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.CharField(source="course.slug")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    free_order = serializers.BooleanField()


class ModuleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    free_order = serializers.BooleanField(required=False)


class ModuleCreateApi(AuthoringApi):
    @extend_schema(
        request=ModuleInputSerializer, responses={201: ModuleOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        _check_can_edit(request.user, course)
        data = ModuleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        module = services.module_create(
            course=course, acting_user=request.user, **data.validated_data
        )
        return Response(ModuleOutputSerializer(module).data, status=status.HTTP_201_CREATED)


class ModuleReorderApi(AuthoringApi):
    """Send every module id of the course once, in the new order; positions become 1..n."""

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    @extend_schema(
        request=InputSerializer,
        responses={200: ModuleOutputSerializer(many=True)},
        tags=["authoring"],
    )
    def post(self, request, slug: str):
        course = get_object_or_404(Course, slug=slug)
        _check_can_edit(request.user, course)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.module_reorder(
            course=course, module_ids=data.validated_data["ids"], acting_user=request.user
        )
        modules = Module.objects.filter(course=course).select_related("course").order_by("position")
        return Response(ModuleOutputSerializer(modules, many=True).data)


class ModuleDetailApi(AuthoringApi):
    @extend_schema(
        request=ModuleInputSerializer, responses={200: ModuleOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        _check_can_edit(request.user, module.course)
        data = ModuleInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        module = services.module_update(
            module=module, acting_user=request.user, **data.validated_data
        )
        return Response(ModuleOutputSerializer(module).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        services.module_delete(module=module, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Lessons ---------------------------------------------------------------------------------------


class LessonOutputSerializer(serializers.Serializer):
    """Authors see the lesson's content; the public syllabus never does."""

    id = serializers.IntegerField()
    module = serializers.IntegerField(source="module_id")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    body = serializers.CharField()
    video_url = serializers.URLField()
    estimated_minutes = serializers.IntegerField()


class LessonInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    video_url = serializers.URLField(required=False, allow_blank=True)
    estimated_minutes = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class LessonCreateApi(AuthoringApi):
    @extend_schema(
        request=LessonInputSerializer, responses={201: LessonOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, pk: int):
        module = get_object_or_404(Module.objects.select_related("course"), pk=pk)
        _check_can_edit(request.user, module.course)
        data = LessonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lesson = services.lesson_create(
            module=module, acting_user=request.user, **data.validated_data
        )
        return Response(LessonOutputSerializer(lesson).data, status=status.HTTP_201_CREATED)


class LessonDetailApi(AuthoringApi):
    @extend_schema(
        request=LessonInputSerializer, responses={200: LessonOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        _check_can_edit(request.user, lesson.module.course)
        data = LessonInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        lesson = services.lesson_update(
            lesson=lesson, acting_user=request.user, **data.validated_data
        )
        return Response(LessonOutputSerializer(lesson).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        services.lesson_delete(lesson=lesson, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Tasks -----------------------------------------------------------------------------------------


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    lesson = serializers.IntegerField(source="lesson_id")
    title = serializers.CharField()
    title_hi = serializers.CharField(allow_null=True)
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TaskKind.choices)


class TaskInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_hi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices, required=False)


class TaskCreateApi(AuthoringApi):
    @extend_schema(
        request=TaskInputSerializer, responses={201: TaskOutputSerializer}, tags=["authoring"]
    )
    def post(self, request, pk: int):
        lesson = get_object_or_404(Lesson.objects.select_related("module__course"), pk=pk)
        _check_can_edit(request.user, lesson.module.course)
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_create(lesson=lesson, acting_user=request.user, **data.validated_data)
        return Response(TaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(AuthoringApi):
    @extend_schema(
        request=TaskInputSerializer, responses={200: TaskOutputSerializer}, tags=["authoring"]
    )
    def patch(self, request, pk: int):
        task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=pk)
        _check_can_edit(request.user, task.lesson.module.course)
        data = TaskInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        task = services.task_update(task=task, acting_user=request.user, **data.validated_data)
        return Response(TaskOutputSerializer(task).data)

    @extend_schema(responses={204: None}, tags=["authoring"])
    def delete(self, request, pk: int):
        task = get_object_or_404(Task.objects.select_related("lesson__module__course"), pk=pk)
        services.task_delete(task=task, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("courses/", CourseListApi.as_view(), name="course-list"),
    path("courses/<slug:slug>/", CourseDetailApi.as_view(), name="course-detail"),
    path("instructors/", InstructorListApi.as_view(), name="instructor-list"),
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
    path(
        "authoring/courses/<slug:slug>/modules/",
        ModuleCreateApi.as_view(),
        name="authoring-module-create",
    ),
    path(
        "authoring/courses/<slug:slug>/modules/reorder/",
        ModuleReorderApi.as_view(),
        name="authoring-module-reorder",
    ),
    path("authoring/modules/<int:pk>/", ModuleDetailApi.as_view(), name="authoring-module-detail"),
    path(
        "authoring/modules/<int:pk>/lessons/",
        LessonCreateApi.as_view(),
        name="authoring-lesson-create",
    ),
    path("authoring/lessons/<int:pk>/", LessonDetailApi.as_view(), name="authoring-lesson-detail"),
    path(
        "authoring/lessons/<int:pk>/tasks/", TaskCreateApi.as_view(), name="authoring-task-create"
    ),
    path("authoring/tasks/<int:pk>/", TaskDetailApi.as_view(), name="authoring-task-detail"),
]
