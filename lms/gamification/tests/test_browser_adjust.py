"""An admin adds points to a student from the console's person page, and the student's rank
on the app's leaderboard changes on the next page load (the adjustment's transaction wrote
the running totals the board is ranked from)."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.gamification.tests.factories import PointsEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_adjusts_and_the_students_rank_changes(
    live_server, chromium_browser, sign_in_browser, student, admin_user
):
    PointsEntryFactory(user=StudentFactory(full_name="Leader"), points=100)
    PointsEntryFactory(user=student, points=40)

    phone = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    sign_in_browser(phone, student)
    app = phone.new_page()
    app.set_default_timeout(15000)
    app.goto(f"{live_server.url}/app/leaderboard/")
    assert "You are #2 of 2 with 40 points." in app.get_by_test_id("my-rank").inner_text()

    desk = chromium_browser.new_context()
    sign_in_browser(desk, admin_user)
    console = desk.new_page()
    console.set_default_timeout(15000)
    console.goto(f"{live_server.url}/admin/gamification/pointsentry/person/{student.pk}/")
    form = console.get_by_test_id("adjust-form")
    form.locator("input[name=points]").fill("75")
    form.locator("input[name=reason]").fill("Won the hackathon")
    form.get_by_role("button", name="Adjust").click()
    console.wait_for_load_state()
    assert "Won the hackathon" in console.get_by_test_id("history").inner_text()

    app.reload()
    assert "You are #1 of 2 with 115 points." in app.get_by_test_id("my-rank").inner_text()
    app.goto(f"{live_server.url}/app/points/")
    assert "Won the hackathon" in app.get_by_test_id("points-history").inner_text()
