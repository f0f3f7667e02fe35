"""Requests that another site makes a signed-in admin's browser send to the console (#7):
a link from another site or an email, a form posted from there, an <img> anywhere. The
session cookie stays SameSite=Lax (see the README's security notes for why); the console
itself refuses what the browser marks as coming from elsewhere (Fetch Metadata)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lms.commerce.models import OrderStatus
from lms.commerce.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderFactory(amount=Decimal("4999"), gateway_payment_id="pay_1")


@pytest.fixture
def browser(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    return client


def test_a_link_from_another_site_shows_only_a_continue_page(browser, order):
    url = reverse("admin:commerce_order_change", args=[order.pk])
    response = browser.get(url, HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_DEST="document")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{url}"' in html
    assert order.user.email not in html  # nothing of the console's data
    # Following that link is a same-origin navigation: the page opens.
    response = browser.get(url, HTTP_SEC_FETCH_SITE="same-origin", HTTP_SEC_FETCH_DEST="document")
    assert response.status_code == 200
    assert order.user.email in response.content.decode()


def test_a_form_posted_from_another_site_is_refused_even_with_a_token(browser, order, gateway_fake):
    url = reverse("admin:commerce_order_refund_one", args=[order.pk])
    token = browser.get(url).context["csrf_token"]
    response = browser.post(
        url, {"csrfmiddlewaretoken": str(token)}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize("site", ["same-origin", "cross-site", None])
def test_a_console_url_fetched_as_an_image_is_refused(browser, order, site, gateway_fake):
    url = reverse("admin:commerce_order_refund_one", args=[order.pk])
    headers = {"HTTP_SEC_FETCH_DEST": "image"}
    if site:
        headers["HTTP_SEC_FETCH_SITE"] = site
    assert browser.get(url, **headers).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_the_student_app_still_opens_signed_in_from_an_email_link(client, student):
    """Why the session cookie is not SameSite=Strict: a link in an email (or the gateway's
    return to the site) is a cross-site navigation, which a Strict cookie would not join."""
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    client.force_login(student)
    response = client.get(
        reverse("student_pwa:my_courses"),
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_SEC_FETCH_DEST="document",
    )
    assert response.status_code == 200
