"""Console detail actions change data only on a POST behind CSRF (#7). Unfold renders them
as links, so a GET (a link, an <img src> in a course description, a link from another site)
reaches them: it must answer with a confirmation page whose button POSTs."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lms.catalog.models import CourseStatus
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.commerce.models import OrderStatus
from lms.commerce.tests.factories import OrderFactory
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def csrf_console(admin_user):
    """A browser-like client: POSTs without the page's CSRF token are refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    return client


def _course_action(course, path):
    return reverse("admin:catalog_course_change", args=[course.pk]).replace("change/", f"{path}/")


def _cases():
    """(make the object, its action URL, read its state) for every detail action that writes."""
    return [
        (
            lambda: OrderFactory(amount=Decimal("4999"), gateway_payment_id="pay_1"),
            lambda order: reverse("admin:commerce_order_refund_one", args=[order.pk]),
            lambda order: order.status,
        ),
        (
            lambda: EnrollmentFactory(),
            lambda e: reverse("admin:learning_enrollment_revoke_detail", args=[e.pk]),
            lambda e: e.status,
        ),
        (
            lambda: EnrollmentFactory(status=EnrollmentStatus.REVOKED),
            lambda e: reverse("admin:learning_enrollment_reactivate_detail", args=[e.pk]),
            lambda e: e.status,
        ),
        (
            lambda: build_course(modules=1, lessons_per_module=1, draft=True),
            lambda c: _course_action(c, "publish"),
            lambda c: c.status,
        ),
        (
            lambda: build_course(modules=1, lessons_per_module=1, status=CourseStatus.IN_REVIEW),
            lambda c: _course_action(c, "approve"),
            lambda c: c.status,
        ),
        (
            lambda: CourseFactory(),
            lambda c: _course_action(c, "unpublish"),
            lambda c: c.status,
        ),
        (
            lambda: build_course(modules=1, lessons_per_module=1, draft=True),
            lambda c: _course_action(c, "submit"),
            lambda c: c.status,
        ),
    ]


CASE_IDS = ["refund", "revoke", "reactivate", "publish", "approve", "unpublish", "submit"]


@pytest.mark.parametrize("case", range(len(CASE_IDS)), ids=CASE_IDS)
def test_a_get_shows_a_confirmation_and_changes_nothing(console, case, gateway_fake):
    make, url_of, state_of = _cases()[case]
    obj = make()
    before = state_of(obj)
    response = console.get(url_of(obj))
    obj.refresh_from_db()
    assert state_of(obj) == before
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert gateway_fake.paths() == []


@pytest.mark.parametrize("case", range(len(CASE_IDS)), ids=CASE_IDS)
def test_the_confirmation_button_posts_and_acts(csrf_console, case, gateway_fake):
    make, url_of, state_of = _cases()[case]
    obj = make()
    before = state_of(obj)
    url = url_of(obj)
    assert csrf_console.post(url).status_code == 403  # no token: another site's form
    obj.refresh_from_db()
    assert state_of(obj) == before
    page = csrf_console.get(url)
    token = page.context["csrf_token"]
    response = csrf_console.post(url, {"csrfmiddlewaretoken": str(token), "apply": "1"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert state_of(obj) != before


def test_refund_by_image_in_a_course_description_does_nothing(console, gateway_fake):
    """The probe's payload: the admin's browser fetches the <img> with the session cookie."""
    order = OrderFactory(amount=Decimal("4999"), gateway_payment_id="pay_1")
    console.get(f"/admin/commerce/order/{order.pk}/refund_one/", HTTP_SEC_FETCH_DEST="image")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
