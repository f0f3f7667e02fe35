"""The community API: Q&A (list with search/sort/lesson, ask, detail, answer, vote, accept,
rating, flag) and groups (my groups, announcements, threads and replies); refusals leak
nothing; lists cost the same queries at two sizes."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.tests.factories import AdminFactory
from lms.community.models import Flag, Post, Vote
from lms.community.tests.factories import (
    AnnouncementFactory,
    answer_to,
    board_thread_in,
    question_in,
)

pytestmark = pytest.mark.django_db


def bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


def questions_url(course):
    return reverse("api:course-question-list", args=[course.slug])


def test_ask_and_list_with_search_sort_and_lesson(api_client, setting):
    client = bearer(api_client, setting.asker)
    created = client.post(
        questions_url(setting.course),
        {
            "title": "Recursion depth",
            "body": "<p>Why does <i>it</i> overflow?</p>",
            "lesson": setting.lesson.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["lesson"] == setting.lesson.pk
    other = question_in(setting.course, title="Sorting lists", body="<p>quick sort</p>")
    answered = question_in(setting.course, title="Graphs")
    answer = answer_to(answered, author=setting.helper)
    answer.score = 3
    answer.save()
    answered.vote_total = 3
    answered.save()
    listed = client.get(questions_url(setting.course)).json()
    assert listed["count"] == 3
    assert [q["title"] for q in listed["results"]][0] == "Graphs"
    by_votes = client.get(questions_url(setting.course), {"sort": "votes"}).json()["results"]
    assert by_votes[0]["title"] == "Graphs"
    unanswered = client.get(questions_url(setting.course), {"sort": "unanswered"}).json()
    assert {q["title"] for q in unanswered["results"]} == {"Recursion depth", "Sorting lists"}
    found = client.get(questions_url(setting.course), {"search": "overflow"}).json()
    assert [q["title"] for q in found["results"]] == ["Recursion depth"]
    found = client.get(questions_url(setting.course), {"search": "sorting"}).json()
    assert [q["id"] for q in found["results"]] == [other.pk]
    by_lesson = client.get(questions_url(setting.course), {"lesson": setting.lesson.pk}).json()
    assert [q["title"] for q in by_lesson["results"]] == ["Recursion depth"]
    assert client.get(questions_url(setting.course), {"sort": "best"}).status_code == 400


def test_question_list_queries_do_not_grow(api_client, setting, django_assert_max_num_queries):
    client = bearer(api_client, setting.asker)
    question_in(setting.course)
    with django_assert_max_num_queries(8) as small:
        assert client.get(questions_url(setting.course)).status_code == 200
    for _ in range(12):
        question_in(setting.course, lesson=setting.lesson)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(questions_url(setting.course)).json()["count"] == 13


def test_outsiders_are_refused_without_leaks(api_client, setting):
    question = question_in(setting.course, title="Private matter", body="<p>secret body</p>")
    answer = answer_to(question, author=setting.helper)
    client = bearer(api_client, setting.outsider)
    listed = client.get(questions_url(setting.course))
    assert listed.status_code == 403
    assert (
        client.post(questions_url(setting.course), {"title": "x", "body": "y"}).status_code == 403
    )
    for response in (
        client.get(reverse("api:question-detail", args=[question.pk])),
        client.post(reverse("api:answer-create", args=[question.pk]), {"body": "x"}),
        client.post(reverse("api:answer-vote", args=[answer.pk]), {"value": 1}),
        client.post(reverse("api:answer-accept", args=[answer.pk]), {"xp": 2}),
        client.post(reverse("api:answer-rating", args=[answer.pk]), {"stars": 2}),
        client.post(reverse("api:post-flag", args=[answer.pk])),
    ):
        assert response.status_code == 404
        assert "Private" not in response.content.decode()
        assert "secret" not in response.content.decode()
    assert not Vote.objects.exists() and not Flag.objects.exists()
    assert api_client.credentials() is None
    assert api_client.get(questions_url(setting.course)).status_code == 401


def test_question_detail_answer_vote_accept_rate_flag(api_client, setting):
    question = question_in(setting.course, author=setting.asker, body="<p>Body</p>")
    helper = bearer(api_client, setting.helper)
    answered = helper.post(
        reverse("api:answer-create", args=[question.pk]), {"body": "<p>Use a loop</p>"}
    )
    assert answered.status_code == 201
    answer_id = answered.json()["id"]
    asker = bearer(api_client, setting.asker)
    vote = asker.post(reverse("api:answer-vote", args=[answer_id]), {"value": 1}, format="json")
    assert vote.status_code == 200 and vote.json()["score"] == 1 and vote.json()["my_vote"] == 1
    again = asker.post(reverse("api:answer-vote", args=[answer_id]), {"value": 1}, format="json")
    assert again.json()["upvotes"] == 1
    down = asker.post(reverse("api:answer-vote", args=[answer_id]), {"value": -1}, format="json")
    assert (down.json()["upvotes"], down.json()["downvotes"]) == (0, 1)
    bad = asker.post(reverse("api:answer-vote", args=[answer_id]), {"value": 5}, format="json")
    assert bad.status_code == 400
    rated = asker.post(reverse("api:answer-rating", args=[answer_id]), {"stars": 4}, format="json")
    assert rated.json()["rating_average"] == 4.0 and rated.json()["my_stars"] == 4
    too_many = asker.post(reverse("api:answer-rating", args=[answer_id]), {"stars": 6})
    assert too_many.status_code == 400
    wrong_xp = asker.post(reverse("api:answer-accept", args=[answer_id]), {"xp": 11})
    assert wrong_xp.status_code == 400
    helper = bearer(api_client, setting.third)
    assert helper.post(reverse("api:answer-accept", args=[answer_id]), {"xp": 3}).status_code == 403
    asker = bearer(api_client, setting.asker)
    accepted = asker.post(reverse("api:answer-accept", args=[answer_id]), {"xp": 3})
    assert accepted.status_code == 200 and accepted.json()["xp_awarded"] == 3
    assert asker.post(reverse("api:answer-accept", args=[answer_id]), {"xp": 3}).status_code == 409
    flagged = asker.post(reverse("api:post-flag", args=[answer_id]), {"reason": "spam"})
    assert flagged.status_code == 200 and flagged.json() == {"flagged": True}
    detail = asker.get(reverse("api:question-detail", args=[question.pk])).json()
    assert detail["body"] == "<p>Body</p>" and detail["answered"] is True
    assert detail["course"] == setting.course.slug
    [shown] = detail["answers"]
    assert shown["accepted"] and shown["my_vote"] == -1 and shown["my_stars"] == 4


def test_question_detail_queries_do_not_grow(api_client, setting, django_assert_max_num_queries):
    question = question_in(setting.course, author=setting.asker)
    answer_to(question)
    client = bearer(api_client, setting.asker)
    url = reverse("api:question-detail", args=[question.pk])
    with django_assert_max_num_queries(10) as small:
        assert client.get(url).status_code == 200
    for _ in range(10):
        answer_to(question)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url).json()["answers"]) == 11


def test_posting_limit_answers_429(api_client, setting, settings):
    settings.LMS_COMMUNITY_POSTS_PER_HOUR = 1
    client = bearer(api_client, setting.asker)
    assert (
        client.post(questions_url(setting.course), {"title": "a", "body": "b"}).status_code == 201
    )
    limited = client.post(questions_url(setting.course), {"title": "a", "body": "b"})
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 3600


def test_my_groups_announcements_threads_and_replies(api_client, setting):
    AnnouncementFactory(cohort=setting.group, author=setting.teacher, title="Exam on Friday")
    AnnouncementFactory(cohort=setting.other_group, author=setting.teacher, title="Hidden news")
    client = bearer(api_client, setting.asker)
    groups = client.get(reverse("api:my-group-list")).json()
    assert [(g["name"], g["member_count"]) for g in groups["results"]] == [("Batch A", 2)]
    news = client.get(reverse("api:group-announcement-list", args=[setting.group.pk])).json()
    assert [a["title"] for a in news["results"]] == ["Exam on Friday"]
    started = client.post(
        reverse("api:group-thread-list", args=[setting.group.pk]),
        {"title": "Study session", "body": "<p>Tonight?</p>"},
    )
    assert started.status_code == 201
    thread_id = started.json()["id"]
    replies_url = reverse("api:group-thread-replies", args=[setting.group.pk, thread_id])
    replied = bearer(api_client, setting.helper).post(replies_url, {"body": "<p>Yes</p>"})
    assert replied.status_code == 201
    threads = api_client.get(reverse("api:group-thread-list", args=[setting.group.pk])).json()
    assert threads["results"][0]["reply_count"] == 1
    assert [r["body"] for r in api_client.get(replies_url).json()["results"]] == ["<p>Yes</p>"]
    teacher_groups = bearer(api_client, setting.teacher).get(reverse("api:my-group-list")).json()
    assert [g["name"] for g in teacher_groups["results"]] == ["Batch A"]
    everyone = bearer(api_client, AdminFactory()).get(reverse("api:my-group-list")).json()
    assert everyone["count"] == 2


def test_groups_of_others_are_404_without_leaks(api_client, setting):
    thread = board_thread_in(setting.other_group, title="Secret plans")
    AnnouncementFactory(cohort=setting.other_group, author=setting.teacher, title="Hidden news")
    client = bearer(api_client, setting.asker)
    for response in (
        client.get(reverse("api:group-announcement-list", args=[setting.other_group.pk])),
        client.get(reverse("api:group-thread-list", args=[setting.other_group.pk])),
        client.post(
            reverse("api:group-thread-list", args=[setting.other_group.pk]),
            {"title": "x", "body": "y"},
        ),
        client.get(reverse("api:group-thread-replies", args=[setting.other_group.pk, thread.pk])),
        client.post(
            reverse("api:group-thread-replies", args=[setting.other_group.pk, thread.pk]),
            {"body": "y"},
        ),
        # A thread of another group through one's own group's address.
        client.get(reverse("api:group-thread-replies", args=[setting.group.pk, thread.pk])),
        client.get(reverse("api:group-announcement-list", args=[999999])),
    ):
        assert response.status_code == 404
        body = response.content.decode()
        assert "Secret" not in body and "Hidden" not in body
    assert Post.objects.count() == 1


@pytest.mark.parametrize("size", [1, 12])
def test_group_lists_cost_the_same(api_client, setting, size, django_assert_num_queries):
    for _ in range(size):
        AnnouncementFactory(cohort=setting.group, author=setting.teacher)
        board_thread_in(setting.group)
    client = bearer(api_client, setting.asker)
    # auth user, group visible (2), count, page
    with django_assert_num_queries(5):
        assert (
            client.get(reverse("api:group-announcement-list", args=[setting.group.pk])).json()[
                "count"
            ]
            == size
        )
    with django_assert_num_queries(5):
        client.get(reverse("api:group-thread-list", args=[setting.group.pk]))
    with django_assert_num_queries(3):
        client.get(reverse("api:my-group-list"))
    thread = board_thread_in(setting.group)
    for _ in range(size):
        answer_to(thread)
    replies = reverse("api:group-thread-replies", args=[setting.group.pk, thread.pk])
    # auth user, group visible (2), thread, its group check (2), opening post, count, page
    with django_assert_num_queries(8):
        assert client.get(replies).json()["count"] == size
