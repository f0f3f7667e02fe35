"""Does a burst of sign-ins stall cheap pages? (issue #7) Not a test; run by hand:

    python bench/signin_burst.py [--checks-at-once N] [--django-default-cost]

Migrates a throwaway SQLite database, creates 20 accounts, starts daphne on a free port
of 127.0.0.1 (as `serve` does), then sends 20 simultaneous sign-ins (each one Argon2
check) while another thread times GET /healthz (a cheap page) over and over. Prints the
page's latency while idle and during the burst, and how long the burst took.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
SETUP = """
import django; django.setup()
from django.contrib.auth.hashers import Argon2PasswordHasher
from lms.accounts.tests.factories import StudentFactory
from lms.accounts.models import User
default_cost = {default_cost}
for n in range(20):
    user = StudentFactory(email=f"burst{{n}}@example.com")
    if default_cost:
        user.password = Argon2PasswordHasher().encode("Correct-Horse-42", Argon2PasswordHasher().salt())
        user.save(update_fields=["password"])
print(User.objects.get(email="burst0@example.com").password[:40])
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_get(port: int) -> float:
    started = time.perf_counter()
    with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def sign_in(port: int, n: int) -> int:
    body = json.dumps({"email": f"burst{n}@example.com", "password": "Correct-Horse-42"})
    request = Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urlopen(request, timeout=120) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status
    except Exception as error:
        return getattr(error, "code", 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks-at-once", type=int, default=1)
    parser.add_argument("--django-default-cost", action="store_true")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="lms-burst-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        LMS_VAR_DIR=folder,
        LMS_PASSWORD_CHECKS_AT_ONCE=str(options.checks_at_once),
        LMS_API_AUTH_RATE="10000/minute",
        DEBUG="False",
    )
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = SETUP.format(default_cost=options.django_default_cost)
    print(
        subprocess.run(
            [python, "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    port = free_port()
    sys.path.insert(0, str(ROOT))
    from lms.core.management.commands.serve import daphne_command

    server = subprocess.Popen(daphne_command(host="127.0.0.1", port=port), cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                timed_get(port)
                break
            except OSError:
                time.sleep(0.3)
        idle = [timed_get(port) for _ in range(20)]
        during: list[float] = []
        done = threading.Event()

        def probe() -> None:
            while not done.is_set():
                during.append(timed_get(port))

        prober = threading.Thread(target=probe)
        statuses: list[int] = [0] * 20
        workers = [
            threading.Thread(target=lambda n=n: statuses.__setitem__(n, sign_in(port, n)))
            for n in range(20)
        ]
        started = time.perf_counter()
        prober.start()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        burst = time.perf_counter() - started
        done.set()
        prober.join()
        print(
            f"checks at once: {options.checks_at_once}, "
            f"Django's default Argon2 cost: {options.django_default_cost}"
        )
        print(f"sign-ins: {statuses.count(200)}/20 ok, burst took {burst:.2f} s")
        print(f"/healthz idle:   median {statistics.median(idle):.0f} ms, max {max(idle):.0f} ms")
        print(
            f"/healthz burst:  median {statistics.median(during):.0f} ms, "
            f"max {max(during):.0f} ms over {len(during)} requests"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
