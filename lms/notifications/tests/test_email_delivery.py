"""Email leaves through the configured transport: EMAIL_URL=smtp://host:port, answered here by
a small local SMTP server so Django's real SMTP client runs end to end."""

import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.mail import send_mail

BASE_DIR = Path(__file__).resolve().parents[3]


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for one client session: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 fake-smtp ready")
        envelope = {"from": "", "to": [], "data": b""}
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake-smtp")
            elif verb == "MAIL":
                envelope["from"] = command.split(":", 1)[1].strip(" <>")
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (data_line := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data_line)
                envelope["data"] = b"".join(body)
                self.server.messages.append(envelope)
                self.reply("250 Queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_mail_is_delivered_over_smtp_by_the_job(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.LMS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Welcome", "Your account is ready.", "academy@example.com", ["asha@example.com"])
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["from"] == "academy@example.com" and message["to"] == ["asha@example.com"]
    assert b"Subject: Welcome" in message["data"]


def test_email_url_configures_the_smtp_transport(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.LMS_EMAIL_DELIVERY_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER)"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        EMAIL_URL="smtp://mailer:secret@mail.example.org:2525",
        LMS_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "lms.notifications.email.QueuedEmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "2525",
        "mailer",
    ]
