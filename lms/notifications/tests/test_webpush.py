"""Web push through pywebpush against a fake push service on loopback: the real encrypted,
VAPID-signed request arrives, and the subscriber's keys decrypt it to the payload."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lms.accounts.tests.factories import StudentFactory
from lms.notifications import services
from lms.notifications.models import PushSubscription

pytestmark = pytest.mark.django_db


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append((self.path, self.headers, self.rfile.read(length)))
        status = 410 if self.path.endswith("/gone") else 201
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _browser_keys():
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, public, b"0123456789abcdef"


def test_push_reaches_the_service_encrypted_for_the_browser(
    settings, push_service, django_capture_on_commit_callbacks
):
    student = StudentFactory()
    private, public, auth = _browser_keys()
    port = push_service.server_address[1]
    services.push_subscription_register(
        user=student,
        endpoint=f"http://127.0.0.1:{port}/push/abc",
        p256dh=_b64(public),
        auth=_b64(auth),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            user_ids=[student.pk], kind="enrolled", title="Enrolled", link="/app/"
        )
    assert len(push_service.received) == 1
    path, headers, body = push_service.received[0]
    assert path == "/push/abc"
    assert headers["Content-Encoding"] == "aes128gcm"
    # Signed with the academy's VAPID key, whose public half the browser was given.
    assert headers["Authorization"].startswith("vapid t=")
    assert headers["Authorization"].endswith(f"k={settings.LMS_VAPID_PUBLIC_KEY}")
    assert int(headers["TTL"]) > 0
    plaintext = http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")
    payload = json.loads(plaintext)
    assert payload == {"title": "Enrolled", "body": "", "link": "/app/", "kind": "enrolled"}
    # 86 bytes of header (salt, record size, sender key), then the record: the text, its
    # padding delimiter and the 16-byte tag.
    assert len(body) == 86 + len(plaintext) + 1 + 16


def test_push_respects_the_preference_and_drops_gone_subscriptions(
    push_service, django_capture_on_commit_callbacks
):
    keeps, declined = StudentFactory(), StudentFactory()
    port = push_service.server_address[1]
    for person, path in ((keeps, "gone"), (declined, "declined")):
        _, public, auth = _browser_keys()
        services.push_subscription_register(
            user=person,
            endpoint=f"http://127.0.0.1:{port}/push/{path}",
            p256dh=_b64(public),
            auth=_b64(auth),
        )
    services.preferences_set(user=declined, choices=[{"kind": "enrolled", "push": False}])
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            user_ids=[keeps.pk, declined.pk], kind="enrolled", title="Enrolled"
        )
    assert [r[0] for r in push_service.received] == ["/push/gone"]
    # The service answered 410: that browser unsubscribed, its row goes.
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [declined.pk]


def test_only_https_endpoints_elsewhere(settings):
    settings.LMS_PUSH_ALLOW_LOCAL_HTTP = False
    from lms.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.push_subscription_register(
            user=StudentFactory(), endpoint="http://127.0.0.1:9/x", p256dh="a", auth="b"
        )
