"""The dashboard from the cache (lms/dashboard/cache.py): a repeat view costs one query (the
person); one's own writes, what others do to one's access and marks, and catalog changes
show at once; anything else within a minute; never someone else's dashboard."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.tests.factories import AdminFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.dashboard import cache as dashboard_cache
from lms.dashboard.cache import DASHBOARD_FRESH_SECONDS, student_dashboard_cached_get
from lms.gamification.models import PointsEntry, SourceKind
from lms.gamification.services.ledger import ledger_add
from lms.learning.models import EnrollmentSource
from lms.learning.services import enrollment_create, enrollment_revoke
from lms.learning.tests.factories import EnrollmentFactory
from lms.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

HOME = reverse("student_pwa:home")
API = reverse("api:my-dashboard")


def page(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeat_view_costs_one_query_and_shows_the_same(
    client, student, django_assert_num_queries
):
    EnrollmentFactory(user=student, course=CourseFactory(title="Data Structures"))
    NotificationFactory(user=student, title="Welcome aboard")
    client.force_login(student)
    first = client.get(HOME, headers={"HX-Request": "true"}).content  # the page's content
    with django_assert_num_queries(1):  # the person (the session is in the cache)
        again = client.get(HOME, headers={"HX-Request": "true"}).content
    assert b"Data Structures" in again and b"Welcome aboard" in again
    assert again == first
    with django_assert_num_queries(1):
        data = client.get(API).json()
    assert data["courses"][0]["course"]["title"] == "Data Structures"


def test_each_person_gets_their_own(client, student):
    EnrollmentFactory(user=student, course=CourseFactory(title="Mine only"))
    client.force_login(student)
    assert "Mine only" in page(client)
    other = StudentFactory()
    client.force_login(other)
    assert "Mine only" not in page(client)
    assert student_dashboard_cached_get(user=other).courses == []


def test_own_changes_show_at_once_in_the_app(client, student):
    NotificationFactory(user=student, title="Class moved")
    client.force_login(student)
    assert "1 unread" in page(client)
    response = client.post(reverse("student_pwa:notification_read"), {"all": "1"})
    assert response.status_code == 302
    assert "0 unread" in page(client)


def test_own_changes_through_the_api_show_at_once(api_client, student):
    """A token-authenticated write counts too (DRF sets the user inside the view)."""
    NotificationFactory(user=student, title="Class moved")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    assert api_client.get(API).json()["notifications"]["unread"] == 1
    marked = api_client.post(reverse("api:my-notification-read"), {"all": True}, format="json")
    assert marked.status_code == 200
    assert api_client.get(API).json()["notifications"]["unread"] == 0


def test_access_given_or_taken_by_others_shows_at_once(
    client, student, django_capture_on_commit_callbacks
):
    """The enrollment's events (receivers.py) move the person's version on."""
    course = CourseFactory(title="Cloud Basics")
    client.force_login(student)

    def cards() -> list[str]:
        return [card["course"]["title"] for card in client.get(API).json()["courses"]]

    assert cards() == []
    admin = AdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(
            user=student, course=course, source=EnrollmentSource.ADMIN, acting_user=admin
        )
    assert cards() == ["Cloud Basics"]
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_revoke(enrollment=enrollment, acting_user=admin)
    assert cards() == []


def test_a_course_changed_in_the_catalog_shows_at_once(client, student):
    course = CourseFactory(title="Old title")
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    assert "Old title" in page(client)
    course.title = "New title"
    course.save()
    html = page(client)
    assert "New title" in html and "Old title" not in html


def test_what_no_one_announces_shows_within_a_minute(client, student, monkeypatch):
    """A rival's points (or a direct database write) are not announced to this person:
    the stored dashboard serves until it expires, at most DASHBOARD_FRESH_SECONDS."""
    client.force_login(student)
    rival = StudentFactory()
    ledger_add([PointsEntry(user=student, source_kind=SourceKind.MANUAL, points=5, reason="x")])
    timeouts = []
    original = cache.set

    def spy(key, value, timeout=None, *args, **kwargs):
        if key.startswith("dashboard:") and ":person:" not in key:
            timeouts.append(timeout)
        return original(key, value, timeout, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    assert client.get(API).json()["standing"]["rank"] == 1
    ledger_add([PointsEntry(user=rival, source_kind=SourceKind.MANUAL, points=9, reason="x")])
    assert client.get(API).json()["standing"]["rank"] == 1  # stored
    assert timeouts == [DASHBOARD_FRESH_SECONDS] and DASHBOARD_FRESH_SECONDS <= 60
    cache.delete(f"dashboard:data:{student.pk}:en")  # what expiry does
    assert client.get(API).json()["standing"]["rank"] == 2


def test_a_dashboard_read_while_a_write_commits_is_not_kept(student, monkeypatch):
    """The versions are read before the rows: a dashboard built while a write about the
    person commits is stored under the version the commit left behind."""
    build = dashboard_cache.student_dashboard_get
    course = CourseFactory(title="Arrives mid-read")

    def build_while_enrolled(*, user):
        dashboard = build(user=user)  # read before the enrollment commits
        EnrollmentFactory(user=user, course=course)
        dashboard_cache._versions_move_on([f"dashboard:person:{user.pk}"])  # its commit
        return dashboard

    monkeypatch.setattr(dashboard_cache, "student_dashboard_get", build_while_enrolled)
    assert student_dashboard_cached_get(user=student).courses == []
    monkeypatch.setattr(dashboard_cache, "student_dashboard_get", build)
    titles = [
        card["course"]["title"] for card in student_dashboard_cached_get(user=student).courses
    ]
    assert titles == ["Arrives mid-read"]


def test_each_language_is_stored_apart(student):
    EnrollmentFactory(user=student, course=CourseFactory(title_en="Algebra", title_hi="बीजगणित"))
    with translation.override("hi"):
        assert student_dashboard_cached_get(user=student).courses[0]["course"]["title"] == (
            "बीजगणित"
        )
    with translation.override("en"):
        assert student_dashboard_cached_get(user=student).courses[0]["course"]["title"] == (
            "Algebra"
        )


def test_the_stored_panels_follow_the_time_zone(client, student):
    """The app keeps the rendered panels too: their times are in the person's zone, so a
    zone changed where nothing announces it gets panels rendered in the new zone."""
    NotificationFactory(user=student, title="Zone check")
    student.timezone = "Asia/Kolkata"
    student.save(update_fields=["timezone"])
    client.force_login(student)
    assert "+05:30" in page(client)
    type(student).objects.filter(pk=student.pk).update(timezone="America/New_York")
    html = page(client)
    assert "+05:30" not in html and ("-05:00" in html or "-04:00" in html)


def test_the_stored_panels_serve_the_whole_page_and_the_htmx_fragment(client, student):
    EnrollmentFactory(user=student, course=CourseFactory(title="Fragment course"))
    client.force_login(student)
    whole = page(client)
    fragment = client.get(HOME, headers={"HX-Request": "true"}).content.decode()
    assert "<!doctype html>" in whole and "<!doctype html>" not in fragment
    assert "Fragment course" in whole and "Fragment course" in fragment
    assert "csrfmiddlewaretoken" not in fragment  # nothing per session is stored


def test_points_a_job_adds_show_at_once(client, student, django_capture_on_commit_callbacks):
    """Points come from Huey jobs after the write that earned them: the ledger's event
    leaves the stored dashboard behind."""
    client.force_login(student)
    assert client.get(API).json()["standing"]["points"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        ledger_add([PointsEntry(user=student, source_kind=SourceKind.MANUAL, points=7, reason="x")])
    assert client.get(API).json()["standing"]["points"] == 7
