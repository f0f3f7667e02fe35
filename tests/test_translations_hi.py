"""Hindi: every text of the pages a student sees is translated, plurals and contexts are
right, and dates read naturally (issue 16, "Language")."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES" / "django.po"
# Where the texts a student sees come from: the layout, the sign-in/sign-up/password
# pages (the allauth templates the project overrides), the student app and its helpers.
STUDENT_SOURCES = (
    "templates/",
    "student_pwa/",
    "lms/catalog/templatetags/",
    "lms/catalog/forms.py",
    "lms/accounts/forms.py",
    "lms/accounts/django_texts.py",
    "lms/accounts/adapters.py",
    "lms/accounts/lockout.py",
    "lms/accounts/self_service.py",
    "lms/accounts/profile_files.py",
    "lms/accounts/services/registration.py",
    "config/views.py",  # the error pages (database down, upload too large)
    # The contexts whose texts reach students as notifications, errors and toasts.
    "lms/api/",
    "lms/core/",
    "lms/learning/",
    "lms/commerce/",
    "lms/assessments/",
    "lms/assignments/",
    "lms/meetings/",
    "lms/notifications/",
    "lms/community/",
    "lms/chat/",
    "lms/gamification/",
    "lms/certificates/",
    "lms/mentor/",
    "lms/resumes/",
    "lms/dashboard/",
)


def _entries() -> list[dict]:
    entries, current, key = [], None, None
    for line in [*PO_FILE.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current and current["msgid"]:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"refs": [], "fuzzy": False, "msgid": "", "strs": {}}
        if line.startswith("#:"):
            current["refs"] += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
        elif line.startswith("#,"):
            current["fuzzy"] = current["fuzzy"] or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            key, current["msgid"] = "msgid", ast.literal_eval(line[6:])
        elif line.startswith(("msgstr", "msgid_plural", "msgctxt")):
            name, value = line.split(" ", 1)
            key = name
            if name.startswith("msgstr"):
                current["strs"][name] = ast.literal_eval(value)
        elif line.startswith('"') and key:
            if key == "msgid":
                current["msgid"] += ast.literal_eval(line)
            elif key.startswith("msgstr"):
                current["strs"][key] += ast.literal_eval(line)
    return entries


def test_no_untranslated_msgid_for_what_the_student_sees():
    missing = [
        f"{entry['msgid'][:70]!r} ({entry['refs'][0]})"
        for entry in _entries()
        if any(ref.startswith(STUDENT_SOURCES) for ref in entry["refs"])
        and (entry["fuzzy"] or not all(entry["strs"].values()))
    ]
    assert not missing, f"{len(missing)} untranslated:\n" + "\n".join(missing)


def test_hindi_plural_rule_counts_zero_and_one_as_singular():
    header = PO_FILE.read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header


@pytest.mark.django_db
def test_sign_up_page_is_in_hindi(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    # The locale middleware leaves the thread's language as the request's: put it back.
    with translation.override("en"):
        content = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert 'lang="hi"' in content
    for english in ("Sign up", "Password", "Already have an account?", "Log in"):
        assert f">{english}<" not in content, english
    assert "Your password must contain" not in content  # Django's own rule, in Hindi too


def test_paid_means_two_things():
    from django.utils.translation import pgettext

    with translation.override("hi"):
        assert pgettext("price", "Paid") == "सशुल्क"
        assert pgettext("order status", "Paid") == "भुगतान हो गया"


def test_plurals_in_both_languages():
    template = Template(
        "{% load i18n %}{% blocktrans count counter=n %}{{ counter }} lesson{% plural %}"
        "{{ counter }} lessons{% endblocktrans %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "1 lesson"
        assert template.render(Context({"n": 2})) == "2 lessons"
    with translation.override("hi"):
        one, two = template.render(Context({"n": 1})), template.render(Context({"n": 2}))
    assert one.startswith("1 ") and two.startswith("2 ") and "lesson" not in one + two


def test_dates_read_naturally_in_hindi_and_as_before_in_english():
    moment = datetime.datetime(2026, 11, 30, 14, 30)
    template = Template('{{ d|date:"DATETIME_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}')
    with translation.override("en"):
        assert template.render(Context({"d": moment})) == "30 Nov 2026, 14:30|30 Nov 2026"
    with translation.override("hi"):
        rendered = template.render(Context({"d": moment}))
    assert rendered.startswith("30 नव") and rendered.endswith("2026") and "Nov" not in rendered
