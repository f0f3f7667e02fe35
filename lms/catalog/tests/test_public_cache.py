"""The public catalog's cache (lms/catalog/cache.py, student_pwa/page_cache.py and the course
list API): a second guest visit costs no query, and a cache never shows a stale price, an
unpublished course or a stale syllabus, in any language."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.catalog import services
from lms.catalog.cache import catalog_changed, catalog_version
from lms.catalog.tests.factories import CourseFactory, LessonFactory, build_course

pytestmark = pytest.mark.django_db

CATALOG = reverse("student_pwa:course_list")
HOME = reverse("student_pwa:guest_home")
API = "/api/v1/courses/"


def page_url(course) -> str:
    return reverse("student_pwa:course_detail", args=[course.slug])


def queries(client, url, **extra) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("url", [HOME, CATALOG, API])
def test_second_guest_visit_costs_no_query(client, url):
    build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    first, body = queries(client, url)
    again, cached = queries(client, url)
    assert first > 0 and again == 0
    assert cached.count("course-") == body.count("course-")


def test_course_page_is_cached_per_course(client):
    one, two = CourseFactory(title="One"), CourseFactory(title="Two")
    queries(client, page_url(one))
    count, body = queries(client, page_url(one))
    assert count == 0 and "One" in body
    count, body = queries(client, page_url(two))
    assert count > 0 and "Two" in body


def test_a_price_change_shows_at_once_everywhere(client, admin_user):
    course = CourseFactory(paid=True, price=Decimal("499"))
    for url in (HOME, CATALOG, page_url(course)):
        assert "₹499" in client.get(url).content.decode()
    assert client.get(API).json()["results"][0]["price"] == "499.00"

    services.course_update(course=course, acting_user=admin_user, price=Decimal("1234"))

    for url in (HOME, CATALOG, page_url(course)):
        body = client.get(url).content.decode()
        assert "₹1,234" in body and "₹499" not in body
    assert client.get(API).json()["results"][0]["price"] == "1234.00"


def test_an_unpublished_course_disappears_at_once(client, admin_user):
    course = CourseFactory(title="Going away")
    kept = CourseFactory(title="Staying")
    for url in (HOME, CATALOG, page_url(course), API):
        assert "Going away" in client.get(url).content.decode()

    services.course_unpublish(course=course, acting_user=admin_user)

    for url in (HOME, CATALOG, API):
        body = client.get(url).content.decode()
        assert "Going away" not in body and "Staying" in body
    assert client.get(page_url(course)).status_code == 404
    assert client.get(page_url(kept)).status_code == 200


def test_a_published_course_appears_at_once(client, admin_user):
    course = build_course(modules=1, lessons_per_module=1, title="Brand new", draft=True)
    assert "Brand new" not in client.get(CATALOG).content.decode()
    assert client.get(API).json()["count"] == 0
    services.course_publish(course=course, acting_user=admin_user)
    assert "Brand new" in client.get(CATALOG).content.decode()
    assert client.get(API).json()["count"] == 1


def test_a_new_lesson_updates_the_counts(client):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    assert client.get(API).json()["results"][0]["lesson_count"] == 1
    assert "1 lesson" in client.get(page_url(course)).content.decode()
    LessonFactory(module=course.modules.get(), position=2)
    assert client.get(API).json()["results"][0]["lesson_count"] == 2
    assert "2 lessons" in client.get(page_url(course)).content.decode()


def test_each_language_has_its_own_copy(client):
    CourseFactory(title_en="Cooking", title_hi="पाक कला")
    english = client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hindi = client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert "Cooking" in english and "पाक कला" in hindi
    assert client.get(API, HTTP_ACCEPT_LANGUAGE="hi").json()["results"][0]["title"] == "पाक कला"
    assert client.get(API, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["title"] == "Cooking"


def test_a_cached_page_carries_each_visitors_own_csrf_token():
    CourseFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(CATALOG)
    response = second.get(CATALOG)
    body = response.content.decode()
    token = second.cookies["csrftoken"].value
    assert "__lms_csrf_token__" not in body
    import re

    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert form_token != first.cookies["csrftoken"].value and token
    posted = second.post(
        reverse("student_pwa:language_set"),
        {"language": "hi", "next": "/", "csrfmiddlewaretoken": form_token},
    )
    assert posted.status_code == 302


def test_signed_in_people_never_get_the_guest_copy(client, student):
    CourseFactory()
    client.get(CATALOG)
    client.force_login(student)
    count, body = queries(client, CATALOG)
    assert count > 0
    assert reverse("student_pwa:my_courses") in body


def test_the_version_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = catalog_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalog_changed()
        assert catalog_version() == before + 1
    assert len(callbacks) == 1
    assert catalog_version() == before + 2


# --- Keys and lifetimes ---------------------------------------------------------------------


def test_keys_stay_short_whatever_the_query_string(client):
    """A URL chosen by a visitor (a fuzzer's 2,000-character query string) is hashed into
    the key: no CacheKeyWarning, still cached, and another long URL gets its own entry."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    from lms.catalog.cache import public_cache_key

    CourseFactory(title="Fuzzed")
    long_url = CATALOG + "?page=1&" + "&".join(f"x{n}={'y' * 20}" for n in range(90))
    other_url = long_url + "&z=1"  # differs only far past 250 characters
    assert len(long_url) > 2000
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first, body = queries(client, long_url)
        again, _ = queries(client, long_url)
        other, _ = queries(client, other_url)
        api_first, _ = queries(client, API + "?" + long_url.split("?", 1)[1])
    assert first > 0 and again == 0 and other > 0 and api_first > 0
    assert "Fuzzed" in body
    key = public_cache_key("page", "en", long_url, "", "", "")
    assert len(key) < 120 and key.startswith("catalog:") and ":page:" in key
    assert key != public_cache_key("page", "en", other_url, "", "", "")
    # Parts are kept apart: moving a character from one part to the next is another key.
    assert public_cache_key("page", "ab", "c") != public_cache_key("page", "a", "bc")


def test_entries_live_at_most_a_minute(client, monkeypatch):
    """What no signal announces (positions reordered with bulk_update) shows within a
    minute: every public entry is stored for at most PUBLIC_CACHE_SECONDS."""
    from django.core.cache import cache

    from lms.catalog.cache import PUBLIC_CACHE_SECONDS

    course = CourseFactory()
    timeouts = []
    original = cache.set

    def spy(key, value, timeout=None, *args, **kwargs):
        if key.startswith("catalog:") and key != "catalog:version":
            timeouts.append(timeout)
        return original(key, value, timeout, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    for url in (HOME, CATALOG, page_url(course), API):
        client.get(url)
    assert len(timeouts) == 4
    assert PUBLIC_CACHE_SECONDS <= 60 and all(0 < t <= PUBLIC_CACHE_SECONDS for t in timeouts)


# --- The course page: price, publishing and access are never stale --------------------------


def test_course_page_shows_a_changed_enrollment_mode_at_once(client, admin_user):
    course = CourseFactory(paid=True, price=Decimal("499"))
    assert "₹499" in client.get(page_url(course)).content.decode()
    services.course_update(
        course=course, acting_user=admin_user, price=Decimal("0"), enrollment_mode="free"
    )
    body = client.get(page_url(course)).content.decode()
    assert "₹499" not in body


def test_a_draft_course_page_opens_the_moment_it_is_published(client, admin_user):
    course = build_course(modules=1, lessons_per_module=1, title="Soon", draft=True)
    assert client.get(page_url(course)).status_code == 404
    assert client.get(page_url(course)).status_code == 404  # a 404 is not stored either
    services.course_publish(course=course, acting_user=admin_user)
    response = client.get(page_url(course))
    assert response.status_code == 200 and "Soon" in response.content.decode()
    services.course_unpublish(course=course, acting_user=admin_user)
    assert client.get(page_url(course)).status_code == 404


def test_course_page_access_is_never_the_cached_guest_copy(client, student):
    """The guest copy says "log in to enroll"; an enrolled student gets their own page, and
    loses it the moment the enrollment is revoked."""
    from lms.learning import services as learning_services
    from lms.learning.tests.factories import EnrollmentFactory

    course = CourseFactory(title="Mine")
    guest_body = client.get(page_url(course)).content.decode()
    assert "You are enrolled" not in guest_body
    enrollment = EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    count, body = queries(client, page_url(course))
    assert count > 0 and "You are enrolled" in body
    learning_services.enrollment_revoke(enrollment=enrollment)
    assert "You are enrolled" not in client.get(page_url(course)).content.decode()
    client.logout()
    count, body = queries(client, page_url(course))
    assert count == 0 and "You are enrolled" not in body  # the guest copy, still valid


@pytest.mark.parametrize(
    "accept",
    ["", "application/json", "application/json; indent=4", "application/json; indent=2"],
)
def test_the_api_list_sends_the_stored_json_as_a_fresh_answer_would(client, monkeypatch, accept):
    """The JSON is stored as sent: the same bytes, status and headers, without a query and
    without rendering; each media type (`indent` changes the bytes) has its own copy."""
    from rest_framework.renderers import JSONRenderer

    build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, title="Stored")
    extra = {"HTTP_ACCEPT": accept} if accept else {}
    client.get(API, HTTP_ACCEPT="application/json")  # another media type's copy comes first
    with CaptureQueriesContext(connection) as fresh_queries:
        fresh = client.get(API + "?page=1", **extra)
    monkeypatch.setattr(JSONRenderer, "render", lambda *args, **kwargs: pytest.fail("rendered"))
    with CaptureQueriesContext(connection) as stored_queries:
        stored = client.get(API + "?page=1", **extra)
    assert len(fresh_queries) > 0 and len(stored_queries) == 0
    assert stored.status_code == fresh.status_code == 200
    assert stored.content == fresh.content
    assert dict(stored.headers) == dict(fresh.headers)
    assert fresh["Content-Type"] == "application/json"
    assert "Accept" in fresh["Vary"]
    monkeypatch.undo()
    data = stored.json()
    assert data["results"][0]["title"] == "Stored"
    assert (b'\n    "count"' in stored.content) == accept.endswith("indent=4")
    assert (b'\n  "count"' in stored.content) == accept.endswith("indent=2")


def test_the_browsable_api_is_rendered_every_time(client):
    build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, title="Browsed")
    for _visit in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(API, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "Browsed" in response.content.decode()
        assert len(captured) > 0
    assert client.get(API).json()["results"][0]["title"] == "Browsed"
