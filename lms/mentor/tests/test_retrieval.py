"""Retrieval respects enrollment and the learning context's lock rules."""

from lms.catalog.services import lesson_update
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import complete_lessons
from lms.mentor.models import Passage
from lms.mentor.retrieval import open_lesson_ids, passages_for, sources_of
from lms.mentor.search import passages_split
from lms.mentor.tests.factories import course_with_texts, enrolled

OPEN = "<p>A for loop repeats a block for each item of a list.</p>"
LOCKED = "<p>Recursion: a function that calls itself, like the quokka pattern.</p>"


def test_passages_come_only_from_open_lessons(student):
    course, (first, second) = course_with_texts(OPEN, LOCKED)
    enrolled(student, course)
    assert open_lesson_ids(user=student) == {first.pk}
    assert [p.lesson_id for p in passages_for(user=student, question="for loop list")] == [first.pk]
    # The answer sits only in the locked lesson: nothing comes back.
    assert passages_for(user=student, question="recursion quokka") == []


def test_a_lesson_opens_once_the_one_before_is_done(student):
    course, (first, second) = course_with_texts(OPEN, LOCKED)
    enrolled(student, course)
    complete_lessons(student, [first])
    found = passages_for(user=student, question="What is recursion?")
    assert [p.lesson_id for p in found] == [second.pk]


def test_no_passages_without_an_active_enrollment(student):
    course, _lessons = course_with_texts(OPEN)
    assert passages_for(user=student, question="for loop") == []
    enrollment = enrolled(student, course)
    enrollment.status = EnrollmentStatus.REVOKED
    enrollment.save()
    assert passages_for(user=student, question="for loop") == []


def test_ranking_puts_the_best_passage_first(student):
    course, lessons = course_with_texts(
        "<p>Loops appear once here among many other words about variables.</p>",
        "<p>Loop loop loop: while loops and for loops, loops everywhere.</p>",
    )
    course.modules.update(free_order=True)
    enrolled(student, course)
    found = passages_for(user=student, question="loops")
    assert [p.lesson_id for p in found] == [lessons[1].pk, lessons[0].pk]
    sources = sources_of(found)
    assert sources[0].url == f"/app/courses/{course.slug}/lessons/{lessons[1].pk}/"
    assert sources[0].course == course.title


def test_saving_a_lesson_refreshes_its_passages(
    student, admin_user, django_capture_on_commit_callbacks
):
    course, (lesson,) = course_with_texts(OPEN)
    enrolled(student, course)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_update(lesson=lesson, acting_user=admin_user, body="<p>Dictionaries map keys.</p>")
    assert passages_for(user=student, question="for loop") == []
    assert [p.lesson_id for p in passages_for(user=student, question="dictionaries keys")] == [
        lesson.pk
    ]


def test_long_text_is_cut_into_passages():
    text = "\n".join(f"Paragraph {n} " + "word " * 60 for n in range(10))
    chunks = passages_split(text, size=400)
    assert len(chunks) > 5
    assert all(len(chunk) <= 400 for chunk in chunks)
    assert "Paragraph 9" in chunks[-1]


def test_deleting_a_lesson_drops_its_passages(
    student, admin_user, django_capture_on_commit_callbacks
):
    from lms.catalog.services import lesson_delete

    course, (lesson,) = course_with_texts(OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_delete(lesson=lesson, acting_user=admin_user)
    assert not Passage.objects.exists()


def test_reindex_command_indexes_every_lesson(student):
    from django.core.management import call_command

    course, (lesson,) = course_with_texts(OPEN)
    Passage.objects.all().delete()
    call_command("mentor_reindex")
    enrolled(student, course)
    assert [p.lesson_id for p in passages_for(user=student, question="for loop")] == [lesson.pk]


def test_search_without_a_full_text_index_still_finds_words(student, monkeypatch):
    """An SQLite built without FTS5 (or another database): plain word matching."""
    from lms.mentor import search

    course, (lesson, _locked) = course_with_texts(OPEN, LOCKED)
    enrolled(student, course)
    monkeypatch.setattr(search.connection, "vendor", "other")
    assert [p.lesson_id for p in passages_for(user=student, question="loop")] == [lesson.pk]
