"""API endpoints of the public catalog: courses, a course's syllabus, instructors.
Writing courses is in lms.api.authoring (courses) and lms.api.roadmap_authoring (modules,
lessons, tasks)."""

from functools import partial

import django_filters
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import filters, generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.catalog import selectors
from lms.catalog.cache import PUBLIC_CACHE_SECONDS, public_cache_key
from lms.catalog.models import (
    Course,
    CourseLevel,
    CourseStatus,
    EnrollmentMode,
)

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
        # The list is the same for everyone: its JSON is stored as sent, per catalog version
        # (lms.catalog.cache drops it when a course changes), language, media type (its
        # `indent` changes the bytes) and URL, and sent again without rendering it. The
        # browsable API is rendered every time.
        if not isinstance(request.accepted_renderer, JSONRenderer):
            return super().list(request, *args, **kwargs)
        key = public_cache_key(
            "api-courses-json",
            get_language(),
            request.accepted_media_type,
            request.build_absolute_uri(),
        )
        stored = cache.get(key)
        if stored is not None:
            content_type, content = stored
            return HttpResponse(content, content_type=content_type)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            response.add_post_render_callback(partial(_store_rendered, key))
        return response

    def paginate_queryset(self, queryset):
        # Count and cut the page on the bare query; only the page gets its numbers.
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.course_stats_attach(page)

    @extend_schema(tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _store_rendered(key: str, response: HttpResponse) -> None:
    cache.set(key, (response["Content-Type"], response.content), PUBLIC_CACHE_SECONDS)


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


urlpatterns = [
    path("courses/", CourseListApi.as_view(), name="course-list"),
    path("courses/<slug:slug>/", CourseDetailApi.as_view(), name="course-detail"),
    path("instructors/", InstructorListApi.as_view(), name="instructor-list"),
]
