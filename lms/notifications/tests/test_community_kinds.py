"""Community's events become notifications: an announcement to every member of the group
but its author (in batches), an answer to the asker."""

import pytest

from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.community.services.forum import answer_post
from lms.community.services.groups import announcement_post
from lms.community.tests.factories import question_in
from lms.learning.tests.factories import EnrollmentFactory
from lms.notifications.models import Notification
from lms.notifications.services import delivery

pytestmark = pytest.mark.django_db


def test_an_announcement_reaches_every_member_but_its_author(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    cohort = CohortFactory()
    members = StudentFactory.create_batch(5)
    cohort.members.add(*members)
    outsider, admin_user = StudentFactory(), AdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        announcement_post(user=admin_user, cohort=cohort, title="Exam moved", body="<p>x</p>")
    notified = Notification.objects.filter(kind="announcement")
    assert sorted(notified.values_list("user_id", flat=True)) == sorted(m.pk for m in members)
    assert notified.first().title == "Announcement: Exam moved"
    assert not Notification.objects.filter(user__in=[outsider, admin_user]).exists()


def test_an_answer_notifies_the_asker(django_capture_on_commit_callbacks):
    course = CourseFactory()
    asker, answerer = StudentFactory(), StudentFactory()
    for person in (asker, answerer):
        EnrollmentFactory(user=person, course=course)
    question = question_in(course, author=asker, title="Why recursion?")
    with django_capture_on_commit_callbacks(execute=True):
        answer_post(user=answerer, question=question, body="<p>Because.</p>")
    notification = Notification.objects.get(user=asker)
    assert notification.kind == "forum_answer"
    assert notification.link == f"/app/questions/{question.pk}/"
    assert not Notification.objects.filter(user=answerer).exists()


def test_a_badge_earned_is_a_notification(django_capture_on_commit_callbacks):
    from lms.gamification.models import BadgeCriterion
    from lms.gamification.services import badges_check, points_adjust
    from lms.gamification.tests.factories import BadgeFactory

    student, admin_user = StudentFactory(), AdminFactory()
    BadgeFactory(name="Century", criterion=BadgeCriterion.POINTS, threshold=100)
    points_adjust(user=student, points=150, reason="Prize", by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        badges_check(user_id=student.pk)
    notification = Notification.objects.get(user=student)
    assert notification.kind == "badge_awarded"
    assert notification.title == "You earned the badge Century"
    assert notification.link == "/app/points/"
