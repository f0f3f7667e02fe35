"""Two people chat in two Chromium contexts against daphne (WebSockets through the Redis
channel layer): the second sees the first's message arrive without a reload; once they have
left the conversation, the next message reaches them as a notification and their bell
counts up, again without a reload."""

import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from config.tests.servers import Daphne, RedisServer
from lms.chat.tests.factories import direct_chat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="daphne needs a shared database"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]


def _signed_in_context(browser, user, base_url: str):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])
    return context


def test_two_people_chat_live_and_the_bell_counts_up(chromium_browser, tmp_path):
    from playwright.sync_api import expect

    conversation, student, instructor = direct_chat()
    redis = RedisServer(tmp_path)
    # The test settings (same secret key and database as this test), served by daphne.
    server = Daphne(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.test", REDIS_URL=redis.url)
    base_url = f"http://127.0.0.1:{server.port}"
    try:
        sender = _signed_in_context(chromium_browser, student, base_url).new_page()
        reader = _signed_in_context(chromium_browser, instructor, base_url).new_page()
        path = f"/app/chat/{conversation.pk}/"
        reader.goto(path)
        sender.goto(path)
        sender.get_by_test_id("chat-input").fill("Is the quiz open?")
        sender.get_by_role("button", name="Send").click()
        expect(reader.get_by_test_id("messages")).to_contain_text("Is the quiz open?")
        expect(sender.get_by_test_id("messages")).to_contain_text("Is the quiz open?")

        # The reader leaves the conversation: the next message is a notification for them.
        reader.goto("/app/notifications/")
        bell = reader.get_by_test_id("unread-badge")
        expect(bell).to_be_hidden()
        reader.wait_for_timeout(500)  # their chat socket's goodbye reaches the server
        sender.get_by_test_id("chat-input").fill("Hello?")
        sender.get_by_role("button", name="Send").click()
        expect(bell).to_have_text("1")
        expect(bell).to_be_visible()
    finally:
        server.stop()
        redis.stop()
