"""Benchmark of the embedded default runtime: `make bench`.

What it does, in about two minutes on 2 otherwise idle cores:
1. makes a throwaway folder (SQLite database, Huey queue, media) and migrates it;
2. seeds it with the ORM (bench/seed.py): 1,000 students, 10 instructors, 50 courses;
3. starts daphne on a free port of 127.0.0.1 with the API throttles raised (a benchmark
   from one client address would otherwise measure the throttle);
4. warms up, then for each scenario sends a fixed number of requests (2,000 for the light
   reads, 1,000 for the course list, 100 sign-ins: each checks an Argon2 hash) from 10
   threads of http.client (keep-alive connections), only to 127.0.0.1;
5. prints requests, concurrency, throughput, p50/p95/p99 latency and errors per scenario,
   stops the server and deletes the folder.

Only the standard library drives the load. This is not a test: nothing here runs in the
test suite. Options: python bench/run.py --help
"""

import argparse
import http.client
import itertools
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the load never leaves this machine


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    requests: int
    expect: int = 200
    # Builds (headers, body) for the i-th request.
    build: object = None


@dataclass
class Result:
    scenario: str
    requests: int
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    # CPU seconds the server process used for the scenario (Linux; None elsewhere).
    server_cpu: float | None = None

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))  # nearest rank
        return ordered[rank - 1] * 1000

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        if self.server_cpu is None or not self.requests:
            return float("nan")
        return self.server_cpu / self.requests * 1000


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, from /proc (Linux). Unlike latency, this hardly
    depends on what else the machine is doing, so it shows the cost of a request."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def bench_environment(folder: Path) -> dict[str, str]:
    """The server's and the seeder's environment: the embedded default (SQLite, local
    memory, in-memory channel layer, Huey on SQLite), all inside `folder`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "DEBUG": "False",
            "LMS_VAR_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LMS_API_ANON_RATE": "1000000/minute",
            "LMS_API_USER_RATE": "1000000/minute",
            "LMS_API_AUTH_RATE": "1000000/minute",
            "JWT_ACCESS_MINUTES": "60",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def run_step(title: str, command: list[str], environment: dict[str, str]) -> None:
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 (fixed command line, no shell)
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"{title} failed (exit {completed.returncode})")
    print(f"  {title}: {time.perf_counter() - started:.1f} s", flush=True)


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"daphne exited with code {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("daphne did not answer /healthz in time")


def drive(port: int, scenario: Scenario, requests: int, concurrency: int) -> Result:
    """Send `requests` requests of `scenario` from `concurrency` threads, each keeping its
    own connection alive (and reopening it after an error)."""
    counter = itertools.count()
    lock = threading.Lock()
    result = Result(scenario.name, requests, concurrency, 0.0)

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies, errors, first_error = [], 0, ""
        while True:
            index = next(counter)
            if index >= requests:
                break
            headers, body = scenario.build(index) if scenario.build else ({}, None)
            started = time.perf_counter()
            try:
                connection.request(scenario.method, scenario.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                if response.status != scenario.expect:
                    errors += 1
                    first_error = first_error or f"HTTP {response.status}"
                else:
                    latencies.append(elapsed)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                errors += 1
                first_error = first_error or f"{error.__class__.__name__}: {error}"
                connection.close()
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def scenarios(
    seed: dict, *, requests: int, list_requests: int, login_requests: int
) -> list[Scenario]:
    tokens, emails = seed["access_tokens"], seed["emails"]

    def with_token(index: int):
        return {"Authorization": f"Bearer {tokens[index % len(tokens)]}"}, None

    def sign_in(index: int):
        body = json.dumps({"email": emails[index % len(emails)], "password": seed["password"]})
        return {"Content-Type": "application/json"}, body

    return [
        Scenario("GET /healthz", "GET", "/healthz", requests),
        Scenario("GET / (guest home)", "GET", "/", requests),
        Scenario("GET /api/v1/me (JWT)", "GET", "/api/v1/me", requests, build=with_token),
        # A page of 20 courses with their instructors: the heaviest read, fewer requests.
        Scenario(
            "GET /api/v1/courses/ (JWT)", "GET", "/api/v1/courses/", list_requests, build=with_token
        ),
        # Each sign-in checks an Argon2 password hash (deliberately slow) and writes the
        # refresh token's row, so it gets fewer requests.
        Scenario(
            "POST /api/v1/auth/token", "POST", "/api/v1/auth/token", login_requests, build=sign_in
        ),
    ]


def print_table(results: list[Result]) -> None:
    header = (
        f"{'scenario':<30} {'requests':>8} {'conc.':>5} {'req/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'server CPU ms/req':>17}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.scenario:<30} {result.requests:>8} {result.concurrency:>5} "
            f"{result.throughput:>8.1f} {result.percentile(0.50):>8.1f} {result.percentile(0.95):>8.1f} "
            f"{result.percentile(0.99):>8.1f} {result.errors:>6} {result.cpu_ms_per_request:>17.1f}"
        )
    for result in results:
        if result.errors:
            print(f"  {result.scenario}: first error: {result.first_error}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=2000, help="requests per scenario (default 2000)"
    )
    parser.add_argument(
        "--list-requests", type=int, default=1000, help="requests of the course list scenario"
    )
    parser.add_argument(
        "--login-requests", type=int, default=100, help="requests of the sign-in scenario"
    )
    parser.add_argument("--concurrency", type=int, default=10, help="client threads (default 10)")
    parser.add_argument(
        "--warmup", type=int, default=50, help="unmeasured requests per scenario first"
    )
    parser.add_argument("--users", type=int, default=1000, help="students to seed")
    parser.add_argument("--only", help="run only scenarios whose name contains this text")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    environment = bench_environment(folder)
    python = sys.executable
    server = None
    began = time.perf_counter()
    print(
        f"LMS benchmark: embedded default runtime, {os.cpu_count()} CPU cores, "
        f"load average {os.getloadavg()[0]:.1f} before start, data in {folder}"
    )
    try:
        run_step("migrate", [python, "manage.py", "migrate", "--noinput", "-v", "0"], environment)
        seed_file = folder / "seed.json"
        run_step(
            f"seed {args.users} students, 10 instructors, 50 courses",
            [python, "bench/seed.py", "--users", str(args.users), "--output", str(seed_file)],
            environment,
        )
        seed = json.loads(seed_file.read_text())

        port = free_port()
        log = (folder / "daphne.log").open("w")
        server = subprocess.Popen(  # noqa: S603 (fixed command line, no shell)
            [python, "-m", "daphne", "-b", HOST, "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(port, server)
        print(f"  daphne on http://{HOST}:{port} (pid {server.pid})", flush=True)

        plan = scenarios(
            seed,
            requests=args.requests,
            list_requests=args.list_requests,
            login_requests=args.login_requests,
        )
        if args.only:
            plan = [scenario for scenario in plan if args.only.lower() in scenario.name.lower()]
        results = []
        for scenario in plan:
            drive(port, scenario, args.warmup, min(args.concurrency, 4))
            cpu_before = process_cpu_seconds(server.pid)
            result = drive(port, scenario, scenario.requests, args.concurrency)
            cpu_after = process_cpu_seconds(server.pid)
            if cpu_before is not None and cpu_after is not None:
                result.server_cpu = cpu_after - cpu_before
            results.append(result)
            print(f"  {scenario.name}: {result.seconds:.1f} s", flush=True)
        print()
        print_table(results)
        print(
            f"\nTotal time {time.perf_counter() - began:.0f} s; load average "
            f"{os.getloadavg()[0]:.1f} at the end (other work on the machine skews the figures)."
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    [
                        {
                            "scenario": r.scenario,
                            "requests": r.requests,
                            "concurrency": r.concurrency,
                            "throughput": round(r.throughput, 1),
                            "p50_ms": round(r.percentile(0.5), 1),
                            "p95_ms": round(r.percentile(0.95), 1),
                            "p99_ms": round(r.percentile(0.99), 1),
                            "errors": r.errors,
                            "server_cpu_ms_per_request": round(r.cpu_ms_per_request, 2),
                        }
                        for r in results
                    ],
                    indent=2,
                )
            )
        return 1 if any(result.errors for result in results) else 0
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
