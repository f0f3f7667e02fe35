"""An admin imports people in Chromium: Import button on the people list, upload a CSV with
some bad rows, read the preview, import the valid rows, see the result."""

import pytest
from django.core import mail

from lms.accounts.models import User
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import Enrollment
from lms.people.tests.helpers import people_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_previews_then_imports_the_valid_rows(
    live_server, chromium_browser, sign_in_browser, admin_user, tmp_path
):
    course = CourseFactory(slug="python-basics")
    rows = [
        {
            "email": f"learner{n}@example.com",
            "full_name": f"Learner {n}",
            "cohorts": "Batch 2026",
            "courses": "python-basics",
        }
        for n in range(20)
    ]
    rows[3]["email"] = "not an email"
    rows[7]["courses"] = "no-such-course"
    rows[11]["email"] = "learner0@example.com"
    csv_file = tmp_path / "people.csv"
    csv_file.write_bytes(people_csv(rows))

    context = chromium_browser.new_context()
    sign_in_browser(context, admin_user)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/accounts/user/")
        page.get_by_role("link", name="Import").click()
        page.wait_for_url("**/admin/accounts/user/import/")
        page.locator("input[type=file][name=import_file]").set_input_files(str(csv_file))
        page.get_by_label("Create missing groups").check()
        page.get_by_test_id("import-check").click()

        page.get_by_test_id("confirm-form").wait_for()
        assert page.get_by_test_id("count-created").inner_text() == "17"
        assert page.get_by_test_id("count-failed").inner_text() == "3"
        errors = page.get_by_test_id("error-rows").inner_text()
        assert "“not an email” is not a valid email address." in errors
        assert "Unknown course “no-such-course”." in errors
        assert "This email is already in row 2." in errors
        assert not User.objects.filter(email="learner1@example.com").exists()

        page.get_by_label("Import the valid rows").check()
        page.get_by_test_id("import-confirm").click()
        page.get_by_test_id("refused-csv").wait_for()
        assert page.get_by_test_id("count-created").inner_text() == "17"
    finally:
        context.close()

    imported = User.objects.filter(email__startswith="learner")
    assert imported.count() == 17
    assert Enrollment.objects.filter(course=course).count() == 17
    assert User.objects.get(email="learner1@example.com").cohorts.get().name == "Batch 2026"
    # A welcome (with the set-password link) each, and the "enrolled" notification each.
    welcomes = [message for message in mail.outbox if "/password/reset/key/" in message.body]
    assert len(welcomes) == 17 and len(mail.outbox) == 34
