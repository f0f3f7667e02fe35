"""The student app's Q&A and group pages: lists, forms, the htmx buttons under answers, and
refusals (403 on a course one does not study, 404 on others' groups and questions)."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import AdminFactory
from lms.community.models import Announcement, Flag, Post, Thread, Vote
from lms.community.tests.factories import (
    AnnouncementFactory,
    answer_to,
    board_thread_in,
    question_in,
)

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_questions_page_lists_searches_and_asks(client, setting):
    question_in(setting.course, title="About loops")
    question_in(setting.course, title="About graphs")
    page = signed_in(client, setting.asker).get(
        reverse("student_pwa:course_questions", args=[setting.course.slug]), {"q": "graphs"}
    )
    assert page.status_code == 200 and "HX-Request" in page["Vary"]
    html = page.content.decode()
    assert "About graphs" in html and "About loops" not in html
    fragment = client.get(
        reverse("student_pwa:course_questions", args=[setting.course.slug]),
        {"sort": "unanswered"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="question-results",
    )
    assert "<html" not in fragment.content.decode() and "About loops" in fragment.content.decode()
    asked = client.post(
        reverse("student_pwa:question_ask", args=[setting.course.slug]),
        {"title": "New one", "body": "<p>Help <script>x</script></p>", "lesson": setting.lesson.pk},
    )
    question = Thread.objects.get(title="New one")
    assert asked.status_code == 302
    assert asked["Location"] == reverse("student_pwa:question_detail", args=[question.pk])
    assert question.lesson == setting.lesson and "script" not in question.posts.get().body


def test_a_refused_question_keeps_what_was_typed(client, setting, settings):
    signed_in(client, setting.asker)
    url = reverse("student_pwa:question_ask", args=[setting.course.slug])
    empty = client.post(url, {"title": "Kept title", "body": "<script>only</script>"})
    html = empty.content.decode()
    assert empty.status_code == 400
    assert 'value="Kept title"' in html and "Write something." in html
    settings.LMS_COMMUNITY_POSTS_PER_HOUR = 1
    client.post(url, {"title": "One", "body": "first"})
    limited = client.post(url, {"title": "Two", "body": "second"})
    assert limited.status_code == 429 and "Try again in" in limited.content.decode()
    assert Thread.objects.filter(title="Two").count() == 0


def test_course_and_lesson_pages_link_to_the_questions(client, setting):
    signed_in(client, setting.asker)
    url = reverse("student_pwa:course_questions", args=[setting.course.slug])
    roadmap = client.get(reverse("student_pwa:course_roadmap", args=[setting.course.slug]))
    assert url in roadmap.content.decode()
    lesson = client.get(
        reverse("student_pwa:lesson_detail", args=[setting.course.slug, setting.lesson.pk])
    )
    assert f"{url}?lesson={setting.lesson.pk}" in lesson.content.decode()


def test_question_page_and_htmx_buttons(client, setting):
    question = question_in(setting.course, author=setting.asker, title="Why recursion")
    answer = answer_to(question, author=setting.helper, body="<p>Base case</p>")
    signed_in(client, setting.asker)
    page = client.get(reverse("student_pwa:question_detail", args=[question.pk]))
    html = page.content.decode()
    assert "Why recursion" in html and "Base case" in html
    assert reverse("student_pwa:answer_accept", args=[answer.pk]) in html
    voted = client.post(
        reverse("student_pwa:answer_vote", args=[answer.pk]), {"value": "1"}, HTTP_HX_REQUEST="true"
    )
    assert voted.status_code == 200
    card = voted.content.decode()
    assert f'id="answer-{answer.pk}"' in card and "<html" not in card and "Score 1" in card
    assert "toast" in voted["HX-Trigger"]
    client.post(reverse("student_pwa:answer_vote", args=[answer.pk]), {"value": "1"})
    assert Vote.objects.get().value == 1
    rated = client.post(reverse("student_pwa:answer_rate", args=[answer.pk]), {"stars": "4"})
    assert rated.status_code == 302
    accepted = client.post(reverse("student_pwa:answer_accept", args=[answer.pk]), {"xp": "5"})
    assert accepted.status_code == 302
    answer.refresh_from_db()
    assert answer.xp_awarded == 5 and answer.rating_total == 4
    flagged = client.post(
        reverse("student_pwa:post_flag", args=[answer.pk]), HTTP_HX_REQUEST="true"
    )
    assert flagged.status_code == 200 and Flag.objects.filter(post=answer).exists()
    answered = client.post(
        reverse("student_pwa:answer_create", args=[question.pk]), {"body": "<p>Thanks</p>"}
    )
    assert answered.status_code == 302 and question.posts.count() == 3


def test_buttons_are_post_only_and_refusals_show_as_toasts(client, setting):
    question = question_in(setting.course, author=setting.asker)
    answer = answer_to(question, author=setting.helper)
    signed_in(client, setting.third)
    assert client.get(reverse("student_pwa:answer_vote", args=[answer.pk])).status_code == 405
    refused = client.post(
        reverse("student_pwa:answer_accept", args=[answer.pk]), {"xp": "3"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 403 and "toast" in refused["HX-Trigger"]


def test_outsiders_get_403_on_the_course_and_404_on_its_questions(client, setting):
    question = question_in(setting.course, title="Private question")
    answer = answer_to(question)
    signed_in(client, setting.outsider)
    listed = client.get(reverse("student_pwa:course_questions", args=[setting.course.slug]))
    assert listed.status_code == 403 and "Private" not in listed.content.decode()
    for response in (
        client.get(reverse("student_pwa:question_detail", args=[question.pk])),
        client.post(reverse("student_pwa:answer_create", args=[question.pk]), {"body": "x"}),
        client.post(reverse("student_pwa:answer_vote", args=[answer.pk]), {"value": "1"}),
        client.post(reverse("student_pwa:post_flag", args=[answer.pk])),
    ):
        assert response.status_code == 404
        assert "Private" not in response.content.decode()
    asked = client.post(
        reverse("student_pwa:question_ask", args=[setting.course.slug]), {"title": "t", "body": "b"}
    )
    assert asked.status_code == 403
    assert Post.objects.count() == 2 and not Vote.objects.exists() and not Flag.objects.exists()


def test_my_groups_group_page_board_and_announcements(client, setting):
    AnnouncementFactory(cohort=setting.group, author=setting.teacher, title="Exam moved")
    signed_in(client, setting.asker)
    mine = client.get(reverse("student_pwa:my_groups")).content.decode()
    assert "Batch A" in mine and "Secret batch" not in mine
    page = client.get(reverse("student_pwa:group_detail", args=[setting.group.pk]))
    html = page.content.decode()
    assert "Exam moved" in html and "Hari Helper" in html
    assert reverse("student_pwa:announcement_create", args=[setting.group.pk]) not in html
    started = client.post(
        reverse("student_pwa:thread_create", args=[setting.group.pk]),
        {"title": "Study tonight", "body": "<p>Who joins?</p>"},
    )
    thread = Thread.objects.get(title="Study tonight")
    assert started["Location"] == reverse(
        "student_pwa:group_thread", args=[setting.group.pk, thread.pk]
    )
    client.post(
        reverse("student_pwa:reply_create", args=[setting.group.pk, thread.pk]), {"body": "Me"}
    )
    shown = client.get(reverse("student_pwa:group_thread", args=[setting.group.pk, thread.pk]))
    assert "Who joins?" in shown.content.decode() and "Me" in shown.content.decode()
    refused = client.post(
        reverse("student_pwa:announcement_create", args=[setting.group.pk]),
        {"title": "Mine", "body": "x"},
    )
    assert refused.status_code == 403 and not Announcement.objects.filter(title="Mine").exists()


def test_staff_announce_from_the_group_page(client, setting):
    signed_in(client, setting.teacher)
    page = client.get(reverse("student_pwa:group_detail", args=[setting.group.pk]))
    assert reverse("student_pwa:announcement_create", args=[setting.group.pk]) in (
        page.content.decode()
    )
    client.post(
        reverse("student_pwa:announcement_create", args=[setting.group.pk]),
        {"title": "Holiday", "body": "<p>No class</p>"},
    )
    assert Announcement.objects.get().author == setting.teacher
    signed_in(client, AdminFactory())
    client.post(
        reverse("student_pwa:announcement_create", args=[setting.other_group.pk]),
        {"title": "Everyone", "body": "<p>Hi</p>"},
    )
    assert Announcement.objects.count() == 2


def test_others_groups_are_404(client, setting):
    thread = board_thread_in(setting.other_group, title="Secret plans")
    signed_in(client, setting.asker)
    for response in (
        client.get(reverse("student_pwa:group_detail", args=[setting.other_group.pk])),
        client.get(reverse("student_pwa:group_thread", args=[setting.other_group.pk, thread.pk])),
        client.get(reverse("student_pwa:group_thread", args=[setting.group.pk, thread.pk])),
        client.post(
            reverse("student_pwa:reply_create", args=[setting.other_group.pk, thread.pk]),
            {"body": "x"},
        ),
        client.post(
            reverse("student_pwa:thread_create", args=[setting.other_group.pk]),
            {"title": "x", "body": "y"},
        ),
    ):
        assert response.status_code == 404
        assert "Secret" not in response.content.decode()
    assert Post.objects.count() == 1


def _queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_cost_the_same_as_lists_grow(client, setting, django_assert_max_num_queries):
    signed_in(client, setting.asker)
    question = question_in(setting.course, author=setting.asker)
    answer_to(question)
    board_thread_in(setting.group)
    AnnouncementFactory(cohort=setting.group, author=setting.teacher)
    urls = [
        reverse("student_pwa:course_questions", args=[setting.course.slug]),
        reverse("student_pwa:question_detail", args=[question.pk]),
        reverse("student_pwa:group_detail", args=[setting.group.pk]),
        reverse("student_pwa:my_groups"),
    ]
    before = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    for _ in range(8):
        question_in(setting.course)
        answer_to(question)
        board_thread_in(setting.group)
        AnnouncementFactory(cohort=setting.group, author=setting.teacher)
    after = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    assert after == before
