"""A new student signs up in a real browser, confirms the emailed link, completes the
profile and lands in the app, which is installable (manifest + service worker) and
breaks no rule of the Content-Security-Policy."""

import re
import time

import pytest
from django.core import mail

from lms.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Violet-Harbour-8812"
SERVICE_WORKER_READY = """
() => Promise.race([
  navigator.serviceWorker.ready.then((registration) => registration.active ? registration.active.state : "none"),
  new Promise((resolve, reject) => setTimeout(() => reject(new Error("service worker not ready")), 15000)),
])
"""


def wait_for_mail(count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mail.outbox) >= count, "the verification email never arrived"


def test_signup_confirm_onboard_and_land_in_the_app(live_server, chromium_browser, settings):
    # The real delivery path, as in production: the email backend queues after commit,
    # the Huey task (immediate in tests) hands it to the locmem transport.
    settings.EMAIL_BACKEND = "lms.notifications.email.QueuedEmailBackend"
    settings.LMS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Service workers need a secure context: http://localhost is one, 127.0.0.1 may not be.
    base = live_server.url.replace("127.0.0.1", "localhost")

    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Full name").fill("Asha Rao")
    page.get_by_label("Email").fill("asha@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert page.get_by_role("heading", name="Check your email").is_visible()

    wait_for_mail(1)
    message = mail.outbox[-1]
    assert message.to == ["asha@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(base)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/app/onboarding/$"))

    page.get_by_label("College / university").fill("IIT Delhi")
    page.get_by_label("Domain").fill("Data science")
    page.get_by_label("Branch").fill("Computer science")
    page.get_by_label("Year of study").fill("2")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/app/$"))

    assert page.get_by_role("heading", name="Welcome, Asha").is_visible()
    assert page.locator("#toasts .toast--success").count() == 1
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.json"
    assert page.evaluate(SERVICE_WORKER_READY) in {"activating", "activated"}

    user = User.objects.get(email="asha@example.com")
    assert user.full_name == "Asha Rao"
    assert user.onboarded_at is not None and user.college == "IIT Delhi"

    csp_reports = [line for line in console if "Content Security Policy" in line]
    assert not csp_reports, csp_reports
    assert not [line for line in console if line.startswith("pageerror")], console
    context.close()
