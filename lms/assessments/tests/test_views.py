"""The student app's quiz pages: start, autosave, submit, result; nothing in the HTML or
the page's JavaScript reveals an answer before the review policy allows."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Answer, Attempt, ProctorEvent, ReviewPolicy
from lms.assessments.tests.factories import quiz_course, right_option, wrong_option
from lms.learning.models import TaskCompletion
from lms.learning.services import task_complete

pytestmark = pytest.mark.django_db

SECRETS = ("Count on one", "Feedback 1", "fraction", "right</span>", "assessment-option--right")


@pytest.fixture
def taking(client, student):
    def start(**settings_):
        setup = quiz_course(student=student, **settings_)
        task_complete(user=student, task=setup.reading)
        client.force_login(student)
        response = client.post(reverse("student_pwa:attempt_start", args=[setup.assessment.pk]))
        attempt = Attempt.objects.get(user=student, assessment=setup.assessment)
        assert response.status_code == 302
        assert response["Location"] == reverse("student_pwa:attempt_detail", args=[attempt.pk])
        return setup, attempt

    return start


def question_ids(attempt):
    return list(attempt.questions.order_by("position").values_list("question_id", flat=True))


def test_the_lesson_links_its_quiz_and_the_quiz_page_offers_start(client, student):
    setup = quiz_course(student=student)
    client.force_login(student)
    lesson = client.get(
        reverse("student_pwa:lesson_detail", args=[setup.course.slug, setup.first.pk])
    )
    url = reverse("student_pwa:task_assessment", args=[setup.quiz.pk])
    assert url in lesson.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("student_pwa:attempt_start", args=[setup.assessment.pk]) in page.content.decode()


def test_the_attempt_page_holds_no_answers_and_carries_the_server_deadline(client, taking, student):
    setup, attempt = taking(time_limit_minutes=10)
    page = client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk]))
    html = page.content.decode()
    for secret in SECRETS:
        assert secret not in html, secret
    assert f'data-deadline="{attempt.deadline.isoformat()}"' in html
    assert "<script>" not in html  # CSP: only files
    script = (Path(settings.BASE_DIR) / "static/js/assessment.js").read_text()
    for secret in SECRETS:
        assert secret not in script


def test_autosave_then_submit_shows_the_score_and_review(client, taking, student):
    setup, attempt = taking()
    for index, pk in enumerate(question_ids(attempt)):
        option = right_option(pk) if index < 2 else wrong_option(pk)
        response = client.post(
            reverse("student_pwa:attempt_answer", args=[attempt.pk, pk]),
            {"option": [option]},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200 and response.content.decode() == "Saved"
    assert Answer.objects.filter(attempt=attempt).count() == 4
    reload = client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk])).content.decode()
    assert reload.count(" checked>") == 4

    response = client.post(reverse("student_pwa:attempt_submit", args=[attempt.pk]), follow=True)
    html = response.content.decode()
    assert "50 %" in html and "Passed." in html
    assert "Count on one" in html  # review after submit
    assert TaskCompletion.objects.filter(user=student, task=setup.quiz).exists()


def test_a_result_without_review_shows_only_the_score(client, taking):
    setup, attempt = taking(review_policy=ReviewPolicy.NEVER)
    html = client.post(
        reverse("student_pwa:attempt_submit", args=[attempt.pk]), follow=True
    ).content.decode()
    assert "0 %" in html
    for secret in SECRETS:
        assert secret not in html, secret


def test_late_answer_is_refused_and_the_page_shows_the_result(client, taking):
    setup, attempt = taking(time_limit_minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    pk = question_ids(attempt)[0]
    response = client.post(
        reverse("student_pwa:attempt_answer", args=[attempt.pk, pk]),
        {"option": [right_option(pk)]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409 and "Time is up" in response.content.decode()
    assert response["HX-Redirect"] == reverse("student_pwa:attempt_detail", args=[attempt.pk])
    page = client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk]))
    assert "submitted when the time was up" in page.content.decode()


def test_opening_an_overdue_attempt_submits_it(client, taking):
    setup, attempt = taking(time_limit_minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.auto_submitted


def test_another_students_attempt_is_404(client, taking):
    setup, attempt = taking()
    client.force_login(StudentFactory())
    assert client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("student_pwa:attempt_submit", args=[attempt.pk])).status_code == 404


def test_an_exam_page_loads_the_proctoring_script_and_records_events(client, taking):
    setup, attempt = taking(kind="exam", proctoring_enabled=True, violation_threshold=1)
    html = client.get(reverse("student_pwa:attempt_detail", args=[attempt.pk])).content.decode()
    assert "js/proctor.js" in html and "data-proctored" in html
    response = client.post(
        reverse("student_pwa:attempt_events", args=[attempt.pk]),
        data={"kind": "paste", "occurred_at": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ProctorEvent.objects.get(attempt=attempt).kind == "paste"
    attempt.refresh_from_db()
    assert attempt.flagged
