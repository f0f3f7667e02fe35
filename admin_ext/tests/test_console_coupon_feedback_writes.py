"""Coupon deletes and interview feedback in the console go through their services: a
redeemed coupon is never deleted (the message says to deactivate it), and feedback keeps the
meetings service's rules. Each test posts the admin's own pages as an admin does."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import AdminFactory, StudentFactory
from lms.commerce import services as commerce_services
from lms.commerce.models import Coupon, CouponRedemption
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.meetings import services as meetings_services
from lms.meetings.models import FeedbackCriterion, InterviewFeedback, MeetingKind
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    person = AdminFactory()
    client.force_login(person)
    return person


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def _redeemed(coupon: Coupon) -> Coupon:
    order = OrderFactory()
    CouponRedemption.objects.create(
        coupon=coupon, user=order.user, order=order, course=order.course
    )
    return coupon


# --- Coupons --------------------------------------------------------------------------------


def test_an_unused_coupon_is_deleted_by_coupon_delete(client, admin):
    coupon = CouponFactory()
    with mock.patch.object(
        commerce_services, "coupon_delete", wraps=commerce_services.coupon_delete
    ) as delete:
        client.post(reverse("admin:commerce_coupon_delete", args=[coupon.pk]), {"post": "yes"})
    delete.assert_called_once()
    assert not Coupon.objects.filter(pk=coupon.pk).exists()


def test_a_redeemed_coupon_is_not_deleted_and_the_message_says_deactivate(client, admin):
    coupon = _redeemed(CouponFactory(code="SPRING"))
    response = client.post(
        reverse("admin:commerce_coupon_delete", args=[coupon.pk]), {"post": "yes"}, follow=True
    )
    assert "SPRING has been redeemed, so it cannot be deleted" in _messages(response)
    assert "Deactivate it instead." in _messages(response)
    assert "deleted successfully" not in _messages(response)
    assert Coupon.objects.filter(pk=coupon.pk).exists()


def test_delete_selected_coupons_is_all_or_none(client, admin):
    unused = CouponFactory(code="UNUSED")
    used = _redeemed(CouponFactory(code="USED"))
    url = reverse("admin:commerce_coupon_changelist")
    response = client.post(
        url,
        {"action": "delete_selected", "_selected_action": [unused.pk, used.pk], "post": "yes"},
        follow=True,
    )
    assert "Coupon USED has been redeemed" in _messages(response)
    assert Coupon.objects.count() == 2
    client.post(url, {"action": "delete_selected", "_selected_action": [unused.pk], "post": "yes"})
    assert list(Coupon.objects.values_list("code", flat=True)) == ["USED"]


# --- Interview feedback ---------------------------------------------------------------------


def _interview(student, kind=MeetingKind.MOCK_INTERVIEW):
    past = timezone.now() - timedelta(days=1)
    return MeetingFactory(
        kind=kind, starts_at=past, ends_at=past + timedelta(hours=1), users=[student]
    )


def _feedback_form(meeting, student, ratings):
    data = {
        "meeting": str(meeting.pk),
        "student": str(student.pk),
        "comments": "Clear thinking",
        "ratings-TOTAL_FORMS": str(len(ratings)),
        "ratings-INITIAL_FORMS": "0",
        "ratings-MIN_NUM_FORMS": "0",
        "ratings-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, (criterion, score) in enumerate(ratings):
        data[f"ratings-{index}-criterion"] = str(criterion.pk)
        data[f"ratings-{index}-score"] = str(score)
    return data


def test_console_feedback_is_saved_by_interview_feedback_save(client, admin):
    student = StudentFactory()
    meeting = _interview(student)
    criterion = FeedbackCriterion.objects.create(name="Problem solving")
    with mock.patch.object(
        meetings_services,
        "interview_feedback_save",
        wraps=meetings_services.interview_feedback_save,
    ) as save:
        response = client.post(
            reverse("admin:meetings_interviewfeedback_add"),
            _feedback_form(meeting, student, [(criterion, 4)]),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert save.call_args.kwargs["ratings"] == {criterion.pk: 4}
    feedback = InterviewFeedback.objects.get()
    assert feedback.author == admin and feedback.comments == "Clear thinking"
    assert [(r.criterion_id, r.score) for r in feedback.ratings.all()] == [(criterion.pk, 4)]


def test_console_feedback_keeps_the_service_rules(client, admin):
    student, stranger = StudentFactory.create_batch(2)
    criterion = FeedbackCriterion.objects.create(name="Communication")
    lesson = _interview(student, kind=MeetingKind.CLASS)
    html = client.post(
        reverse("admin:meetings_interviewfeedback_add"),
        _feedback_form(lesson, student, [(criterion, 3)]),
    ).content.decode()
    assert "Feedback is for mock interviews." in html
    interview = _interview(student)
    html = client.post(
        reverse("admin:meetings_interviewfeedback_add"),
        _feedback_form(interview, stranger, [(criterion, 3)]),
    ).content.decode()
    assert "This student was not invited to the interview." in html
    assert not InterviewFeedback.objects.exists()
