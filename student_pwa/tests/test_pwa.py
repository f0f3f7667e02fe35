"""The app shell: manifest, service worker, offline page, CSP, language, htmx fragments."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import RequestFactory

from lms.accounts.tests.factories import StudentFactory
from student_pwa.middleware import HtmxMessagesMiddleware

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_manifest_names_the_app_and_its_icons_exist(client):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    manifest = json.loads(response.content)
    assert manifest["name"] == settings.PWA_APP_NAME
    assert manifest["start_url"] == "/app/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        width, height = (int(n) for n in icon["sizes"].split("x"))
        from PIL import Image

        with Image.open(path) as image:
            assert image.size == (width, height)


def test_service_worker_is_javascript_with_offline_fallback(client):
    response = client.get("/serviceworker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert "/offline/" in body
    for never in ("/api/", "/admin/", "/accounts/", "/ws/", "/media/", "HX-Request"):
        assert never in body
    # Every file it precaches exists, or installation would fail in the browser.
    for url in re.findall(r'"(/static/[^"]+)"', body):
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_offline_page_renders_in_the_layout(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<main" in html and 'rel="manifest"' in html
    assert "You are offline" in html


def test_guest_home_has_manifest_and_no_inline_script_or_style(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="manifest" href="/manifest.json">' in html
    assert 'href="/courses/"' in html and 'href="/accounts/signup/"' in html
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not STYLE_ATTRIBUTE.search(html)
    assert "<style" not in html
    assert "htmx.min.js" in html and "js/theme.js" in html
    assert '"includeIndicatorStyles":false' in html


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/offline/"])
def test_strict_csp_on_app_pages(client, url):
    response = client.get(url)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["object-src"] == ["'none'"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ATTRIBUTE.search(html)


def test_signed_in_student_sees_app_nav_and_staff_see_console(client, student, admin_user):
    client.force_login(student)
    html = client.get("/app/").content.decode()
    assert 'href="/app/"' in html and 'action="/accounts/logout/"' in html
    assert 'href="/admin/"' not in html
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert 'href="/admin/"' in html


def test_language_switch_sets_cookie_and_translates(client):
    response = client.post("/language/", {"language": "hi", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    html = client.get("/").content.decode()
    assert '<html lang="hi"' in html
    assert "लॉग इन" in html  # "Log in" in the navigation
    assert "कोर्स देखें" in html  # "Browse courses"


def test_language_switch_refuses_unknown_language_and_foreign_next(client):
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_is_saved_on_the_signed_in_user(client, student):
    client.force_login(student)
    client.post("/language/", {"language": "hi", "next": "/app/"})
    student.refresh_from_db()
    assert student.preferred_language == "hi"


def test_htmx_request_gets_only_the_fragment(client, student):
    client.force_login(student)
    full = client.get("/app/")
    assert b"<html" in full.content
    fragment = client.get("/app/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert b"site-header" not in fragment.content
    assert student.get_short_name().encode() in fragment.content
    assert "HX-Request" in fragment["Vary"]
    assert "HX-Request" in full["Vary"]


def test_toasts_travel_in_hx_trigger_for_htmx_requests():
    """Messages queued during an htmx request leave in the HX-Trigger header, next to any
    trigger the view set itself."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django_htmx.middleware import HtmxDetails

    def view(request):
        messages.success(request, "Saved.")
        response = HttpResponse("<p>fragment</p>")
        response["HX-Trigger"] = json.dumps({"refresh": True})
        return response

    request = RequestFactory().post("/app/x/", headers={"HX-Request": "true"})
    request.session = {}
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    response = HtmxMessagesMiddleware(view)(request)
    triggers = json.loads(response["HX-Trigger"])
    assert triggers["toast"] == [{"level": "success", "message": "Saved."}]
    assert triggers["refresh"] is True


def test_toast_reaches_the_page_for_htmx_and_full_page_after_onboarding(client):
    """End to end through the real middleware stack: a full page shows the message in the
    toast region; an htmx request gets it in HX-Trigger instead of the body."""
    user = StudentFactory(onboarded_at=None)
    client.force_login(user)
    data = {
        "college": "IIT Delhi",
        "domain": "Data science",
        "branch": "CSE",
        "year": 2,
        "phone": "",
    }
    response = client.post("/app/onboarding/", data, headers={"HX-Request": "true"})
    assert response.status_code == 302  # the redirect keeps the message for the next page
    page = client.get("/app/", headers={"HX-Request": "true"})
    toasts = json.loads(page["HX-Trigger"])["toast"]
    assert toasts[0]["level"] == "success"
    assert b'class="toast' not in page.content


def test_server_rendered_toast_in_the_layout(client):
    user = StudentFactory(onboarded_at=None)
    client.force_login(user)
    data = {"college": "IIT Delhi", "domain": "Data science", "branch": "CSE", "year": 2}
    response = client.post("/app/onboarding/", data, follow=True)
    html = response.content.decode()
    assert 'aria-live="polite"' in html
    assert re.search(r'class="toast toast--success"', html)


def test_onboarding_form_shows_labelled_fields_and_linked_errors(client):
    user = StudentFactory(onboarded_at=None)
    client.force_login(user)
    response = client.post("/app/onboarding/", {"college": "", "year": 12})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("college", "domain", "branch", "year", "phone"):
        assert f'<label for="id_{name}">' in html
    assert 'id="id_college_error"' in html
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_college_error"', html
    ) or re.search(r'<input[^>]*aria-describedby="id_college_error"[^>]*aria-invalid="true"', html)


def test_static_files_in_place():
    root = Path(settings.BASE_DIR) / "static"
    htmx = (root / "vendor/htmx/htmx.min.js").read_text()
    assert htmx.startswith("var htmx=")
    assert "htmx.org" in (root / "vendor/VERSIONS.txt").read_text()
    for name in ("css/app.css", "js/app.js", "js/theme.js", "icons/favicon.png"):
        assert (root / name).stat().st_size > 0
