"""What the mentor may show a person: passages only from lessons they can open right now,
in courses they study. The lock rules are the learning context's (`roadmap_get`); this module
only asks them, so a locked lesson's text never reaches the model for that person."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from lms.accounts.models import User
from lms.learning import selectors as learning
from lms.mentor.models import Passage
from lms.mentor.search import passages_search


@dataclass(frozen=True)
class Source:
    course: str
    lesson: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"course": self.course, "lesson": self.lesson, "url": self.url}


def open_lesson_ids(*, user: User) -> set[int]:
    """The lessons `user` may read now: of their active or completed enrollments, those the
    roadmap opens (a handful of queries per course)."""
    lesson_ids: set[int] = set()
    for enrollment in learning.enrollments_for_user(user=user):
        roadmap = learning.roadmap_get(user=user, course=enrollment.course)
        if not roadmap.records_progress:  # not studying it under the lock rules
            continue
        for module_step in roadmap.modules:
            lesson_ids.update(step.lesson.pk for step in module_step.lessons if step.is_open)
    return lesson_ids


def passages_for(*, user: User, question: str, limit: int | None = None) -> list[Passage]:
    return passages_search(
        question=question,
        lesson_ids=open_lesson_ids(user=user),
        limit=limit or settings.LMS_MENTOR_PASSAGES,
    )


def sources_of(passages: list[Passage]) -> list[Source]:
    """One link per lesson, in the order the passages ranked."""
    sources: dict[int, Source] = {}
    for passage in passages:
        if passage.lesson_id in sources:
            continue
        lesson = passage.lesson
        course = lesson.module.course
        sources[passage.lesson_id] = Source(
            course=course.title,
            lesson=lesson.title,
            url=reverse("student_pwa:lesson_detail", args=[course.slug, lesson.pk]),
        )
    return list(sources.values())
