"""Start the whole app on one machine: migrations, the first-admin link, the Huey worker and
daphne (HTTP + WebSocket). Ctrl-C stops both processes."""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


def daphne_command(*, host: str, port: str | int) -> list[str]:
    """daphne without --proxy-headers: it hands Django the TCP peer, and Django alone
    decides which forwarded address to believe (lms.core.client_address, set by
    LMS_TRUSTED_PROXIES), so no header can move a client's address in two places."""
    return [sys.executable, "-m", "daphne", "-b", host, "-p", str(port), "config.asgi:application"]


class Command(BaseCommand):
    help = "Migrate, print the first-admin link when needed, run the job worker and daphne."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-worker", action="store_true", help="Do not start Huey.")

    def handle(self, *args, host: str, port: str, no_worker: bool, **options) -> None:
        # Stopping `serve` (Ctrl-C or SIGTERM) must stop the worker and web server with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        call_command("migrate", interactive=False, verbosity=0)
        call_command("first_admin_link", public_url=f"http://{host}:{port}")
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--quiet"])
        self.stdout.write(self.style.SUCCESS(f"LMS is running on http://{host}:{port}/"))
        web = subprocess.Popen(daphne_command(host=host, port=port))
        try:
            web.wait()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            for process in (web, worker):
                if process and process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    process.wait(timeout=10)
