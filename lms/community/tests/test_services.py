"""Community services: asking and answering, votes (changeable, never added twice), accept
(asker only, XP bounds), ratings, group boards and announcements, moderation and the
posting limits."""

import pytest
from django.db import IntegrityError

from lms.accounts.tests.factories import AdminFactory
from lms.community.events import (
    AnnouncementPosted,
    AnswerAccepted,
    PostFlagged,
    QuestionAnswered,
    ThreadReplied,
)
from lms.community.models import Flag, MemberWarning, Post, PostingSuspension, Thread, Vote
from lms.community.services import forum, groups, moderation
from lms.community.tests.factories import answer_to, question_in
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import subscribe, unsubscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """Every community event published (after commit), in order."""
    seen = []
    kinds = (AnnouncementPosted, AnswerAccepted, PostFlagged, QuestionAnswered, ThreadReplied)
    for kind in kinds:
        subscribe(kind, seen.append)
    yield seen
    for kind in kinds:
        unsubscribe(kind, seen.append)


def test_asking_sanitizes_and_checks_the_lesson(setting):
    question = forum.question_ask(
        user=setting.asker,
        course=setting.course,
        title=" Loops ",
        body='<p onclick="x()">Why <script>alert(1)</script><b>this</b>?</p>',
        lesson=setting.lesson,
    )
    opening = question.posts.get()
    assert question.title == "Loops" and question.lesson == setting.lesson
    assert opening.is_opening and "script" not in opening.body and "onclick" not in opening.body
    assert "<b>this</b>" in opening.body
    from lms.catalog.tests.factories import build_course

    elsewhere = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    foreign_lesson = elsewhere.modules.get().lessons.get()
    with pytest.raises(ApplicationError, match="not part of this course"):
        forum.question_ask(
            user=setting.asker, course=setting.course, title="T", body="b", lesson=foreign_lesson
        )
    with pytest.raises(ApplicationError, match="Write something"):
        forum.question_ask(
            user=setting.asker, course=setting.course, title="T", body="<script>x</script>"
        )


def test_only_enrolled_students_and_course_staff_post(setting):
    with pytest.raises(PermissionDeniedError):
        forum.question_ask(user=setting.outsider, course=setting.course, title="T", body="b")
    with pytest.raises(PermissionDeniedError):
        forum.question_ask(user=setting.other_teacher, course=setting.course, title="T", body="b")
    assert forum.question_ask(user=setting.teacher, course=setting.course, title="T", body="b")
    question = question_in(setting.course, author=setting.asker)
    with pytest.raises(ApplicationError) as refused:
        forum.answer_post(user=setting.outsider, question=question, body="<p>hi</p>")
    assert refused.value.status == 404
    assert "Why" not in refused.value.message


def test_answer_publishes_question_answered(setting, published, django_capture_on_commit_callbacks):
    question = question_in(setting.course, author=setting.asker)
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum.answer_post(user=setting.helper, question=question, body="<p>Do x</p>")
    question.refresh_from_db()
    assert question.reply_count == 1
    assert published == [
        QuestionAnswered(
            question_id=question.pk,
            answer_id=answer.pk,
            course_id=setting.course.pk,
            author_id=setting.helper.pk,
            asker_id=setting.asker.pk,
        )
    ]


def test_votes_are_changeable_and_never_added_twice(setting):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    forum.answer_vote(user=setting.asker, answer=answer, value=1)
    forum.answer_vote(user=setting.asker, answer=answer, value=1)
    answer.refresh_from_db()
    assert (answer.upvotes, answer.downvotes, answer.score) == (1, 0, 1)
    forum.answer_vote(user=setting.third, answer=answer, value=-1)
    forum.answer_vote(user=setting.asker, answer=answer, value=-1)
    answer.refresh_from_db()
    assert (answer.upvotes, answer.downvotes, answer.score) == (0, 2, -2)
    forum.answer_vote(user=setting.asker, answer=answer, value=0)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert (answer.upvotes, answer.downvotes, answer.score) == (0, 1, -1)
    assert question.vote_total == -1
    assert Vote.objects.filter(post=answer).count() == 1
    with pytest.raises(IntegrityError):
        Vote.objects.create(post=answer, user=setting.third, value=1)


def test_vote_refusals(setting):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    with pytest.raises(ApplicationError, match="1, -1 or 0"):
        forum.answer_vote(user=setting.asker, answer=answer, value=2)
    with pytest.raises(PermissionDeniedError, match="own answer"):
        forum.answer_vote(user=setting.helper, answer=answer, value=1)
    with pytest.raises(ApplicationError) as hidden:
        forum.answer_vote(user=setting.outsider, answer=answer, value=1)
    assert hidden.value.status == 404
    with pytest.raises(ApplicationError, match="Only answers"):
        forum.answer_vote(user=setting.helper, answer=question.posts.get(is_opening=True), value=1)


def test_only_the_asker_accepts_with_xp_in_bounds(
    setting, published, django_capture_on_commit_callbacks
):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    other = answer_to(question, author=setting.third)
    with pytest.raises(PermissionDeniedError, match="asked"):
        forum.answer_accept(user=setting.third, answer=answer, xp=5)
    for xp in (0, 11, -1):
        with pytest.raises(ApplicationError, match="between 1 and 10"):
            forum.answer_accept(user=setting.asker, answer=answer, xp=xp)
    with django_capture_on_commit_callbacks(execute=True):
        forum.answer_accept(user=setting.asker, answer=answer, xp=7)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.xp_awarded == 7 and answer.accepted_at is not None
    assert question.accepted_post == answer
    assert published == [
        AnswerAccepted(
            question_id=question.pk,
            answer_id=answer.pk,
            course_id=setting.course.pk,
            answer_author_id=setting.helper.pk,
            accepted_by_id=setting.asker.pk,
            xp=7,
        )
    ]
    with pytest.raises(ConflictError):
        forum.answer_accept(user=setting.asker, answer=other, xp=1)
    assert Post.objects.filter(accepted_at__isnull=False).count() == 1


def test_accept_without_xp_and_not_ones_own(setting):
    question = question_in(setting.course, author=setting.asker)
    own = answer_to(question, author=setting.asker)
    with pytest.raises(PermissionDeniedError, match="own answer"):
        forum.answer_accept(user=setting.asker, answer=own)
    answer = answer_to(question, author=setting.helper)
    forum.answer_accept(user=setting.asker, answer=answer, xp=None)
    answer.refresh_from_db()
    assert answer.accepted_at and answer.xp_awarded is None


def test_ratings_one_per_person_changeable_and_bounded(setting):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    forum.answer_rate(user=setting.asker, answer=answer, stars=5)
    forum.answer_rate(user=setting.asker, answer=answer, stars=2)
    forum.answer_rate(user=setting.third, answer=answer, stars=5)
    answer.refresh_from_db()
    assert (answer.rating_count, answer.rating_total, answer.rating_average) == (2, 7, 3.5)
    for stars in (0, 6):
        with pytest.raises(ApplicationError, match="1 to 5"):
            forum.answer_rate(user=setting.asker, answer=answer, stars=stars)
    with pytest.raises(PermissionDeniedError):
        forum.answer_rate(user=setting.helper, answer=answer, stars=5)


def test_group_board_members_only_and_replies_published(
    setting, published, django_capture_on_commit_callbacks
):
    thread = groups.thread_start(user=setting.asker, cohort=setting.group, title="Study", body="Hi")
    with django_capture_on_commit_callbacks(execute=True):
        reply = groups.thread_reply(user=setting.helper, thread=thread, body="<p>Yes</p>")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert published[-1] == ThreadReplied(
        thread_id=thread.pk,
        post_id=reply.pk,
        cohort_id=setting.group.pk,
        author_id=setting.helper.pk,
        thread_author_id=setting.asker.pk,
    )
    for intruder in (setting.outsider, setting.third, setting.other_teacher):
        with pytest.raises(ApplicationError) as refused:
            groups.thread_reply(user=intruder, thread=thread, body="x")
        assert refused.value.status == 404
        with pytest.raises(ApplicationError):
            groups.thread_start(user=intruder, cohort=setting.group, title="t", body="b")


def test_announcements_by_admins_and_the_groups_instructors(
    setting, published, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDeniedError):
        groups.announcement_post(user=setting.asker, cohort=setting.group, title="T", body="b")
    with pytest.raises(ApplicationError) as hidden:
        groups.announcement_post(
            user=setting.other_teacher, cohort=setting.group, title="T", body="b"
        )
    assert hidden.value.status == 404
    # The teacher teaches the group: its members study the teacher's course.
    with django_capture_on_commit_callbacks(execute=True):
        announcement = groups.announcement_post(
            user=setting.teacher, cohort=setting.group, title="Exam", body="<p>Friday</p>"
        )
    assert published == [
        AnnouncementPosted(
            announcement_id=announcement.pk,
            cohort_id=setting.group.pk,
            author_id=setting.teacher.pk,
        )
    ]
    assert groups.announcement_post(
        user=AdminFactory(), cohort=setting.other_group, title="All", body="b"
    )


def test_moderation_hide_restore_warn_suspend(
    setting, published, django_capture_on_commit_callbacks
):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_flag(user=setting.asker, post=answer, reason="rude")
    moderation.post_flag(user=setting.asker, post=answer)  # again: still one open flag
    assert Flag.objects.filter(post=answer, resolved_at__isnull=True).count() == 1
    assert isinstance(published[-1], PostFlagged) and published[-1].course_id == setting.course.pk
    with pytest.raises(PermissionDeniedError):
        moderation.post_hide(moderator=setting.other_teacher, post=answer)
    moderation.post_hide(moderator=setting.teacher, post=answer)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.hidden_at and not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert question.reply_count == 0  # a hidden answer does not count as one
    with pytest.raises(ApplicationError):  # hidden: nobody votes on it any more
        forum.answer_vote(user=setting.asker, answer=answer, value=1)
    moderation.post_restore(moderator=setting.teacher, post=answer)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.hidden_at is None and question.reply_count == 1
    moderation.member_warn(moderator=setting.teacher, post=answer, message="Be kind.")
    assert MemberWarning.objects.get().user == setting.helper
    with pytest.raises(ApplicationError, match="1 to 365"):
        moderation.posting_suspend(moderator=setting.teacher, post=answer, days=0)
    moderation.posting_suspend(moderator=setting.teacher, post=answer, days=3)
    assert PostingSuspension.objects.get().user == setting.helper
    with pytest.raises(PermissionDeniedError, match="suspended"):
        forum.answer_post(user=setting.helper, question=question, body="again")
    forum.answer_vote(user=setting.helper, answer=answer_to(question), value=1)  # votes still


def test_hiding_an_opening_post_hides_the_thread(setting):
    question = question_in(setting.course, author=setting.asker)
    moderation.post_hide(moderator=AdminFactory(), post=question.posts.get(is_opening=True))
    question.refresh_from_db()
    assert question.hidden_at is not None
    with pytest.raises(ApplicationError) as hidden:
        forum.answer_post(user=setting.helper, question=question, body="x")
    assert hidden.value.status == 404


def test_board_posts_are_moderated_by_admins_only(setting):
    thread = groups.thread_start(user=setting.asker, cohort=setting.group, title="T", body="b")
    with pytest.raises(PermissionDeniedError):
        moderation.post_hide(moderator=setting.teacher, post=thread.posts.get())
    moderation.post_hide(moderator=AdminFactory(), post=thread.posts.get())


def test_posting_is_rate_limited_per_person(setting, settings):
    settings.LMS_COMMUNITY_POSTS_PER_HOUR = 2
    question = question_in(setting.course, author=setting.asker)
    forum.answer_post(user=setting.helper, question=question, body="one")
    forum.answer_post(user=setting.helper, question=question, body="two")
    with pytest.raises(ApplicationError) as limited:
        forum.answer_post(user=setting.helper, question=question, body="three")
    assert limited.value.status == 429 and limited.value.code == "rate_limited"
    assert forum.answer_post(user=setting.third, question=question, body="other person")
    # A refused post does not spend the budget.
    assert Thread.objects.get(pk=question.pk).posts.count() == 4
