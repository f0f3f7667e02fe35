"""Load benchmark of the production stack on this machine: `make bench`.

1. migrates the benchmark database (PostgreSQL, BENCH_DATABASE_URL) and, when it is empty,
   generates the academy into it (`manage.py bench_generate_data --size academy`: 10,000
   students, 200 courses, 250,000 enrollments, ~7.5M task completions; a few minutes, once),
   then, when it has none, the activity the student dashboard reads
   (`manage.py bench_generate_activity --size academy`: points ledger and totals, badges,
   notifications, groups, meetings with attendance, assignments with submissions, exams,
   certificates, daily work). A database holding anything but generated data is refused;
2. signs some generated students in (sessions and JWTs) for the scenarios that need them;
3. starts the production process model (compose/web_processes.py: one daphne per core,
   settings config.settings.bench = production + a bare JSON view) and the Huey worker,
   against PostgreSQL and Redis (BENCH_REDIS_URL, its cache emptied first);
4. warms every scenario up, then runs interleaved rounds: in each round every scenario
   gets `--seconds` of wrk load (2 threads, `--connections` connections), the bare view
   included, so each page's throughput is compared with the bare view measured minutes
   apart at most, under the same noise;
5. prints a Markdown table: median req/s over the rounds, p50/p95/p99 of the round with the
   median throughput, errors, queries per request (read from the X-Bench-Queries header
   of a warm request), CPU per request of the web processes and of PostgreSQL's processes
   (when it runs on this machine), and % of the bare view. Stops everything.

This is not a test: nothing here runs in the test suite. Options: python bench/run.py --help
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the load never leaves this machine
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WRK_THREADS = 2
# Students signed in: enough that a first-view round never asks anyone twice; the other
# signed-in scenarios cycle through the first REGULARS of them.
SIGNED_IN = 3000
REGULARS = 200


@dataclass
class Scenario:
    name: str
    lines: list[str]  # wrk request lines: path, then headers, tab-separated
    rounds: list[dict] = field(default_factory=list)
    queries: str = "?"
    # Served from the cache with 60 s entries (guest pages: student_pwa/page_cache.py; a
    # student's dashboard shown again: lms/dashboard/cache.py): warmed before each round.
    cached: bool = False
    # Each person's first view: the stored dashboards (lms/dashboard/cache.py) are emptied
    # before each round, and the round asks each person once (more people than requests).
    first_view: bool = False


def environment(args) -> dict[str, str]:
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LMS_"))}
    variables.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "LMS_BENCH_POOL": "true" if args.pool else "false",
            "LMS_BENCH_JIT": "true" if args.jit else "false",
            "JWT_ACCESS_MINUTES": "600",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return variables


def manage(env: dict, *arguments: str, capture: bool = True) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"manage.py {' '.join(arguments)} failed")
    return result.stdout or ""


def database_create_if_missing(url: str) -> None:
    """A fresh machine has no benchmark database yet: create it (empty) so migrate can run."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"  creating the database {name}", flush=True)
            connection.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )


def ensure_academy(env: dict, size: str) -> None:
    database_create_if_missing(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    probe = manage(
        env,
        "shell",
        "-c",
        "from lms.accounts.models import User; "
        "print(User.objects.count(), User.objects.filter(email__endswith='@academy.example').count())",
    ).split()
    everyone, generated = int(probe[-2]), int(probe[-1])
    if everyone and generated == 0:
        raise SystemExit("The benchmark database holds people that were not generated: refusing.")
    if not everyone:
        print(f"  generating the academy ({size}); this takes minutes, once", flush=True)
        started = time.monotonic()
        manage(env, "bench_generate_data", "--size", size, capture=False)
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    ensure_activity(env, size)


def ensure_activity(env: dict, size: str) -> None:
    """The dashboard's panels (points, badges, notifications, meetings and attendance,
    assignments, exams, certificates, daily work): generated once, also into an academy
    generated before they existed."""
    probe = manage(
        env,
        "shell",
        "-c",
        "from lms.dashboard.generated_activity import activity_exists; print(activity_exists())",
    ).split()
    if probe[-1] == "True":
        return
    print(f"  generating the academy's activity ({size}); a few minutes, once", flush=True)
    started = time.monotonic()
    manage(env, "bench_generate_activity", "--size", size, capture=False)
    print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)


def process_cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def database_pids() -> list[int]:
    """PostgreSQL's processes on this machine (its backends do the queries' work); none when
    the database runs elsewhere."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def web_pids(launcher: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def wait_until_up(server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the web server exited with code {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=5)
            connection.request("GET", "/bench/bare")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the web server did not answer in time")


def get_once(line: str) -> tuple[int, str]:
    path, *headers = line.split("\t")
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request("GET", path, headers=dict(h.split(": ", 1) for h in headers))
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("X-Bench-Queries", "?")


def scenarios(seed: dict) -> list[Scenario]:
    cookie = seed["session_cookie"]
    slugs = seed["course_slugs"]
    students = [(s, t) for s, t in zip(seed["sessions"], seed["tokens"], strict=True) if t[1]]
    regulars = students[:REGULARS]
    return [
        Scenario("bare JSON view (no query)", ["/bench/bare"]),
        Scenario("`/` guest home", ["/"], cached=True),
        Scenario("`/courses/` catalog (guest)", ["/courses/"], cached=True),
        Scenario(
            "course page (guest, 100 courses)",
            [f"/courses/{slug}/" for slug in slugs[:100]],
            cached=True,
        ),
        Scenario("`/api/v1/courses/` (guest)", ["/api/v1/courses/"], cached=True),
        Scenario(
            "`/app/` student dashboard, first view",
            [f"/app/\tCookie: {cookie}={session}" for session, _token in students],
            first_view=True,
        ),
        Scenario(
            "`/app/` student dashboard, again within a minute",
            [f"/app/\tCookie: {cookie}={session}" for session, _token in regulars],
            cached=True,
        ),
        Scenario(
            "roadmap API (JWT)",
            [
                f"/api/v1/me/courses/{slug}/roadmap/\tAuthorization: Bearer {token}"
                for _session, (token, slug) in regulars
            ],
        ),
    ]


def warm(scenario: Scenario) -> None:
    """Request each of a cached scenario's pages once, just before it is measured.

    A site with steady guest traffic keeps its popular pages in the cache: 100 course pages
    at 40 req/s are each rendered about once a minute and served from the cache ~25 times.
    The rounds are bursts instead (each scenario gets a few seconds a minute), so by the
    next round every entry of the last one has expired and the round would render each
    page once more: a third of its requests, a miss rate no steady traffic has. Warming
    every page (not only the first 20, once) right before each round measures the steady
    state. For the dashboard shown again within a minute, this is each person's first view;
    the first view itself is a scenario of its own."""
    if scenario.cached:
        for line in dict.fromkeys(scenario.lines):
            get_once(line)


def dashboards_forget(redis_url: str) -> None:
    """Empty the stored student dashboards (lms/dashboard/cache.py): every next view builds."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match="*:dashboard:*", count=1000))
    if keys:
        client.delete(*keys)


def run_wrk(scenario: Scenario, folder: Path, seconds: int, connections: int) -> dict:
    requests_file = folder / "requests.txt"
    requests_file.write_text("\n".join(scenario.lines) + "\n")
    completed = subprocess.run(  # noqa: S603 (wrk on the loopback address)
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "requests.lua"),
            f"http://{HOST}:{PORT}",
        ],
        env={**os.environ, "REQUESTS_FILE": str(requests_file), "WRK_THREADS": str(WRK_THREADS)},
        capture_output=True,
        text=True,
        check=False,
    )
    last = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not last:
        raise SystemExit(f"wrk failed: {completed.stdout}{completed.stderr}")
    result = json.loads(last[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def summarize(plan: list[Scenario]) -> list[dict]:
    bare_by_round = [r["rps"] for r in plan[0].rounds]
    rows = []
    for scenario in plan:
        ratios = [
            r["rps"] / bare * 100 for r, bare in zip(scenario.rounds, bare_by_round, strict=True)
        ]
        ordered = sorted(scenario.rounds, key=lambda r: r["rps"])
        median_round = ordered[len(ordered) // 2]
        rows.append(
            {
                "scenario": scenario.name,
                "rps": statistics.median(r["rps"] for r in scenario.rounds),
                "p50_ms": median_round["p50_us"] / 1000,
                "p95_ms": median_round["p95_us"] / 1000,
                "p99_ms": median_round["p99_us"] / 1000,
                "errors": sum(r["errors"] for r in scenario.rounds),
                "queries": scenario.queries,
                "cpu_ms": statistics.median(r["cpu_ms"] for r in scenario.rounds),
                "db_cpu_ms": statistics.median(r["db_cpu_ms"] for r in scenario.rounds),
                "percent_of_bare": statistics.median(ratios),
            }
        )
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | queries | server CPU ms/req "
        "| database CPU ms/req | % of bare view |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['scenario']} | {row['rps']:.0f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} "
            f"| {row['p99_ms']:.0f} | {row['errors']} | {row['queries']} | {row['cpu_ms']:.1f} "
            f"| {row['db_cpu_ms']:.1f} | {row['percent_of_bare']:.0f} |"
        )
    return "\n".join(lines)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model or platform.processor()}), {memory:.0f} GiB, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    parser.add_argument(
        "--size", default="academy", help="bench_generate_data/_activity size if empty"
    )
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--no-pool", dest="pool", action="store_false", help="a connection per request"
    )
    parser.add_argument("--jit", action="store_true", help="leave PostgreSQL's JIT on")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8, help="per scenario and round")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--only",
        help="scenarios whose name contains one of these comma-separated texts (and the bare view)",
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench installs it)")

    env = environment(args)
    folder = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    began = time.monotonic()
    print(f"LMS benchmark on {machine()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    launcher = worker = None
    try:
        ensure_academy(env, args.size)
        seed_file = folder / "seed.json"
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "bench/prepare.py",
                "--people",
                str(SIGNED_IN),
                "--output",
                str(seed_file),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seed = json.loads(seed_file.read_text())
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        print(f"  data: {seed['counts']}", flush=True)

        logs = (folder / "server.log").open("w")
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "run_huey", "--quiet"],
            cwd=ROOT,
            env=env,
            stdout=logs,
            stderr=logs,
        )
        launcher = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "compose/web_processes.py",
                "--processes",
                str(args.processes),
                "--bind",
                HOST,
                "--port",
                str(PORT),
                "--access-log",
                os.devnull,
            ],
            cwd=ROOT,
            env=env,
            stdout=logs,
            stderr=logs,
        )
        wait_until_up(launcher)
        pids = web_pids(launcher)
        print(
            f"  {args.processes} daphne processes, pool {'on' if args.pool else 'off'}, "
            f"JIT {'on' if args.jit else 'off'}; {args.rounds} rounds × {args.seconds} s",
            flush=True,
        )
        plan = scenarios(seed)
        if args.only:
            wanted = [text.strip().lower() for text in args.only.split(",")]
            plan = [plan[0], *[s for s in plan[1:] if any(w in s.name.lower() for w in wanted)]]
        for scenario in plan:
            statuses = {get_once(line)[0] for line in scenario.lines[:20]}
            if statuses != {200}:
                raise SystemExit(f"{scenario.name}: answers {statuses}, expected 200")
            run_wrk(scenario, folder, 2, args.connections)  # warm-up
            if scenario.first_view:
                dashboards_forget(args.redis_url)
            scenario.queries = get_once(scenario.lines[0])[1]
        for number in range(args.rounds):
            for scenario in plan:
                warm(scenario)
                if scenario.first_view:
                    dashboards_forget(args.redis_url)
                database = database_pids()
                before = process_cpu_seconds(pids)
                database_before = process_cpu_seconds(database)
                result = run_wrk(scenario, folder, args.seconds, args.connections)
                requests = max(1, result["requests"])
                result["cpu_ms"] = (process_cpu_seconds(pids) - before) / requests * 1000
                result["db_cpu_ms"] = (
                    (process_cpu_seconds(database) - database_before) / requests * 1000
                )
                scenario.rounds.append(result)
            print(f"  round {number + 1} done, load average {os.getloadavg()[0]:.1f}", flush=True)
        rows = summarize(plan)
        print()
        print(markdown(rows))
        print(
            f"\n{machine()}; {args.processes} web processes; {args.connections} connections; "
            f"took {time.monotonic() - began:.0f} s; load average {os.getloadavg()[0]:.1f} at the end."
        )
        if args.json:
            Path(args.json).write_text(json.dumps({"rows": rows, "machine": machine()}, indent=2))
        return 1 if any(row["errors"] for row in rows) else 0
    finally:
        for process in (launcher, worker):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
