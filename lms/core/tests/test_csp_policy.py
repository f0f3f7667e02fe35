"""CSP without `unsafe-inline` scripts: in the production settings, on the pages and API
responses people get, and no template of ours needs it (no inline <script>, no on*=)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from config.tests.test_runtime import _manage
from lms.core.csp import CSP_HEADER

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'")
# Our templates (vendored packages excluded): inline scripts and event-handler attributes
# would need 'unsafe-inline'. Behaviour lives in static/js, wired by data-* attributes.
TEMPLATE_DIRS = ["templates", "student_pwa/templates", "admin_ext/templates", "pwa", "lms"]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _script_sources(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "script-src":
            return sources
    raise AssertionError(f"no script-src in {policy!r}")


def test_the_production_policy_allows_no_inline_script(tmp_path):
    result = _manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.LMS_CSP))",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="lms.example.org",
        LMS_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    policy = json.loads(result.stdout.strip().splitlines()[-1])
    assert not set(policy["script-src"]) & set(UNSAFE)
    assert policy["object-src"] == ["'none'"] and "'self'" in policy["base-uri"]


@pytest.mark.parametrize("path", ["/", "/courses/", "/accounts/login/", "/api/v1/courses/"])
def test_responses_carry_a_policy_without_inline_script(client, path):
    response = client.get(path, follow=True)
    sources = _script_sources(response[CSP_HEADER])
    assert not set(sources) & set(UNSAFE), (path, sources)


def test_a_signed_in_student_page_has_no_inline_script(client, student):
    client.force_login(student)
    response = client.get("/app/", follow=True)
    assert not set(_script_sources(response[CSP_HEADER])) & set(UNSAFE)
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html) and not EVENT_ATTRIBUTE.search(html)


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from (BASE_DIR / folder).rglob("*.html")


def test_no_template_of_ours_needs_unsafe_inline():
    offenders = []
    for template in _templates():
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE):
            offenders += [f"{template}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    assert list(_templates()), "no templates found: the scan tests nothing"
    assert not offenders, offenders


def test_no_view_widens_script_src_with_unsafe_sources():
    widened = []
    sources = [
        p for d in ("lms", "student_pwa", "admin_ext", "pwa") for p in (BASE_DIR / d).rglob("*.py")
    ]
    for source in sources:
        if "tests" in source.parts:
            continue
        text = source.read_text()
        if "csp_extend(" in text and any(word in text for word in UNSAFE):
            widened.append(str(source))
    assert not widened
