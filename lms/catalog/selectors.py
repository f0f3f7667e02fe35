"""Reads for the catalog. Lists are built so their query count does not grow with rows."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from guardian.shortcuts import get_objects_for_user

from lms.accounts.models import Role, User
from lms.accounts.permissions import is_admin, is_author, is_instructor
from lms.catalog.models import (
    Course,
    CourseStatus,
    EnrollmentMode,
    InstructorApplication,
    Lesson,
    Module,
    Task,
)

CATALOG_SORTS = {
    "newest": ["-published_at", "-pk"],
    "title": ["title", "pk"],
    "price_asc": ["price", "title", "pk"],
    "price_desc": ["-price", "title", "pk"],
}


def courses_editable_by(user: User) -> QuerySet[Course]:
    """Every course for admins; for instructors the courses they hold the `change_course`
    object permission on (given to each instructor of a course); nothing for anyone else."""
    if is_admin(user):
        return Course.objects.all()
    if not is_author(user):
        return Course.objects.none()
    if is_instructor(user):
        return get_objects_for_user(
            user,
            "catalog.change_course",
            klass=Course,
            accept_global_perms=False,
            with_superuser=False,
        )
    return Course.objects.none()


def course_can_preview(*, user: User, course: Course) -> bool:
    """Staff who can edit a course may see its unpublished page."""
    return courses_editable_by(user).filter(pk=course.pk).exists()


def _lesson_totals(field: str):
    return Coalesce(
        Subquery(
            Lesson.objects.filter(module__course=OuterRef("pk"))
            .order_by()
            .values("module__course")
            .annotate(total=field)
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _published_instructors() -> Prefetch:
    return Prefetch("instructors", queryset=User.objects.order_by("full_name", "pk"))


def course_list_published(
    *,
    search: str = "",
    domain: str = "",
    level: str = "",
    language: str = "",
    price: str = "",
    max_price: Decimal | str | None = None,
    sort: str = "newest",
) -> QuerySet[Course]:
    """Published courses for the catalog, filtered and sorted, instructors prefetched.
    Nothing is annotated, so counting them and cutting a page are plain indexed queries:
    pass the page to `course_stats_attach` for the numbers its cards show.
    `price` is "free" or "paid"; `max_price` includes free courses."""
    courses = Course.objects.filter(status=CourseStatus.PUBLISHED).prefetch_related(
        _published_instructors()
    )
    search = (search or "").strip()
    if search:
        query = Q()
        for code in ("en", "hi"):
            query |= Q(**{f"title_{code}__icontains": search}) | Q(
                **{f"summary_{code}__icontains": search}
            )
        courses = courses.filter(query)
    if domain:
        courses = courses.filter(domain__iexact=domain)
    if level:
        courses = courses.filter(level=level)
    if language:
        courses = courses.filter(language=language)
    if price == "free":
        courses = courses.filter(enrollment_mode=EnrollmentMode.FREE)
    elif price == "paid":
        courses = courses.exclude(enrollment_mode=EnrollmentMode.FREE)
    if max_price not in (None, ""):
        try:
            limit = Decimal(str(max_price))
        except InvalidOperation:
            limit = None
        if limit is not None:
            courses = courses.filter(Q(enrollment_mode=EnrollmentMode.FREE) | Q(price__lte=limit))
    return courses.order_by(*CATALOG_SORTS.get(sort, CATALOG_SORTS["newest"]))


def course_stats_attach(courses: Iterable[Course]) -> list[Course]:
    """Set `module_count`, `lesson_count` and `total_minutes` on each course of a page (one
    query for the page, whatever the size of the catalog). Returns the courses as a list."""
    courses = list(courses)
    if not courses:
        return courses
    stats = {
        row["pk"]: row
        for row in Course.objects.filter(pk__in=[course.pk for course in courses])
        .annotate(**_stats_annotations())
        .values("pk", "module_count", "lesson_count", "total_minutes")
    }
    for course in courses:
        row = stats.get(course.pk, {})
        course.module_count = row.get("module_count", 0)
        course.lesson_count = row.get("lesson_count", 0)
        course.total_minutes = row.get("total_minutes", 0)
    return courses


def _stats_annotations() -> dict:
    return {
        "module_count": Coalesce(
            Subquery(
                Module.objects.filter(course=OuterRef("pk"))
                .order_by()
                .values("course")
                .annotate(total=Count("pk"))
                .values("total"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        "lesson_count": _lesson_totals(Count("pk")),
        "total_minutes": _lesson_totals(Sum("estimated_minutes")),
    }


def course_domains_published() -> list[str]:
    """The domains that published courses use, for the catalog's filter."""
    return list(
        Course.objects.filter(status=CourseStatus.PUBLISHED)
        .exclude(domain="")
        .order_by("domain")
        .values_list("domain", flat=True)
        .distinct()
    )


def course_get_for_page(*, slug: str, user: User) -> Course | None:
    """A course for its public page: published, or any status for staff who may edit it."""
    course = (
        Course.objects.filter(slug=slug)
        .annotate(**_stats_annotations())
        .prefetch_related(_published_instructors())
        .first()
    )
    if course is None:
        return None
    if course.status == CourseStatus.PUBLISHED or course_can_preview(user=user, course=course):
        return course
    return None


def course_syllabus(*, course: Course) -> list[Module]:
    """Modules with their lessons (title, minutes, `task_count`) in order. Lesson bodies,
    videos and files are not even loaded: the syllabus is public."""
    lessons = (
        Lesson.objects.only("id", "module_id", "position", "estimated_minutes", *_title_fields())
        .annotate(task_count=Count("tasks"))
        .order_by("position", "pk")
    )
    return list(
        Module.objects.filter(course=course)
        .only("id", "course_id", "position", "free_order", *_title_fields())
        .prefetch_related(Prefetch("lessons", queryset=lessons))
        .order_by("position", "pk")
    )


def _title_fields() -> list[str]:
    from django.conf import settings

    return ["title", *[f"title_{code}" for code, _name in settings.LANGUAGES]]


def instructor_list_public() -> QuerySet[User]:
    """People who teach at least one published course, with `published_course_count`."""
    return (
        User.objects.filter(
            is_active=True, role=Role.INSTRUCTOR, courses_taught__status=CourseStatus.PUBLISHED
        )
        .annotate(
            published_course_count=Count(
                "courses_taught",
                filter=Q(courses_taught__status=CourseStatus.PUBLISHED),
                distinct=True,
            )
        )
        .order_by("full_name", "pk")
        .distinct()
    )


def instructor_get_public(*, pk: int) -> User | None:
    return instructor_list_public().filter(pk=pk).first()


def instructor_courses_published(*, instructor: User) -> list[Course]:
    return course_stats_attach(course_list_published().filter(instructors=instructor))


def instructor_application_latest(*, user: User) -> InstructorApplication | None:
    return InstructorApplication.objects.filter(user=user).order_by("-created_at", "-pk").first()


def task_count_for_course(*, course: Course) -> int:
    return Task.objects.filter(lesson__module__course=course).count()


def course_counts_get(*, course_ids: list[int] | None = None) -> dict[str, int]:
    """Courses by status, for the console dashboard (one aggregate query); only those of
    `course_ids` when given (an instructor's)."""
    courses = (
        Course.objects.all() if course_ids is None else Course.objects.filter(pk__in=course_ids)
    )
    counts = courses.aggregate(
        published=Count("pk", filter=Q(status=CourseStatus.PUBLISHED)),
        in_review=Count("pk", filter=Q(status=CourseStatus.IN_REVIEW)),
        draft=Count("pk", filter=Q(status=CourseStatus.DRAFT)),
    )
    return counts


def instructor_applications_pending_count() -> int:
    return InstructorApplication.objects.filter(status=InstructorApplication.Status.PENDING).count()
