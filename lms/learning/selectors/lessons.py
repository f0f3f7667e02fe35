"""A lesson's page: its content and documents, and the student's place in it."""

from django.db.models import Prefetch

from lms.accounts.models import User
from lms.catalog.models import Course, Lesson, LessonDocument
from lms.learning.models import LessonProgress


def lesson_content_get(*, lesson_id: int, course: Course | None = None) -> Lesson:
    """A lesson with what its page shows: its course and documents (two queries)."""
    queryset = Lesson.objects.select_related("module__course").prefetch_related(
        Prefetch("documents", queryset=LessonDocument.objects.all())
    )
    if course is not None:
        queryset = queryset.filter(module__course=course)
    return queryset.get(pk=lesson_id)


def lesson_progress_get(*, user: User, lesson: Lesson) -> LessonProgress | None:
    if not user.is_authenticated:
        return None
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()
