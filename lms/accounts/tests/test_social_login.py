"""Google sign-in when Google is not configured: its URLs are not found, not a crash."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_no_raise(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/accounts/google/login/"),
        ("post", "/accounts/google/login/"),
        ("get", "/accounts/google/login/callback/?code=x&state=y"),
        ("post", "/accounts/google/login/token/"),
    ],
)
def test_google_urls_are_404_when_google_is_not_configured(client_no_raise, method, path):
    response = getattr(client_no_raise, method)(path)
    assert response.status_code == 404


def test_the_sign_in_page_shows_no_google_button_then(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "/accounts/google/login/" not in response.content.decode()


def test_once_configured_google_sign_in_starts(client):
    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
    app.sites.add(Site.objects.get_current())
    response = client.post("/accounts/google/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://accounts.google.com/")
    assert "/accounts/google/login/" in client.get("/accounts/login/").content.decode()
