"""Benchmark of chat fan-out: a message to a 200-member group chat reaches every connected
member; prints the latency percentiles from "sent" to "received by a member", with two daphne
processes sharing one Redis channel layer. Not a test.

    python bench/chat_fanout.py [--members 200] [--messages 30] [--clients 2]
                                [--postgres URL] [--database NAME]

It makes a throwaway PostgreSQL database (`--database`, default `lms_bench_chat`, dropped
first) and a throwaway redis-server on a free port, migrates, seeds the members and one group
chat, starts two daphne processes (settings config.settings.bench: production on 127.0.0.1),
connects every member over WebSocket (half to each daphne, spread over `--clients` client
processes) and a sender to the first, then sends `--messages` messages one after the other
(each waits until every member has it) and measures, per member and message, the time from
the send to its arrival. It also prints the CPU time the daphne processes, Redis and the
clients used per message, and the load average: on a shared machine, the latency follows it.
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed(members: int) -> None:
    """Child process: members, a staff sender, a group chat; prints ids and tokens as JSON."""
    import django

    django.setup()
    from rest_framework_simplejwt.tokens import AccessToken

    from lms.accounts.models import Role, User
    from lms.chat.services import group_conversation_create

    sender = User.objects.create_user(email="sender@bench.test", password=None, role=Role.ADMIN)
    people = User.objects.bulk_create(
        [User(email=f"member{n}@bench.test", role=Role.STUDENT) for n in range(members)]
    )
    conversation = group_conversation_create(
        acting_user=sender, title="Bench", member_ids=[p.pk for p in people]
    )
    print(
        json.dumps(
            {
                "conversation": conversation.pk,
                "sender": str(AccessToken.for_user(sender)),
                "members": [str(AccessToken.for_user(p)) for p in people],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--messages", type=int, default=30)
    parser.add_argument(
        "--clients",
        type=int,
        default=2,
        help="client processes the member sockets are spread over (default 2)",
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--database",
        default=os.environ.get("LMS_BENCH_CHAT_DATABASE", "lms_bench_chat"),
        help="name of the throwaway database (dropped first); default lms_bench_chat",
    )
    args = parser.parse_args()

    from config.tests.servers import free_port

    database = f"{args.postgres.rstrip('/')}/{args.database}"
    _recreate_database(args.postgres, args.database)
    work = Path(tempfile.mkdtemp(prefix="chat-bench-"))
    redis_port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        cwd=work,
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LMS_VAR_DIR": str(work),
        "LMS_CHAT_MESSAGES_PER_MINUTE": "0",  # no limit: one sender sends everything
        "LMS_BENCH_POOL_SIZE": "4",
    }
    servers = []
    try:
        _run([sys.executable, "manage.py", "migrate", "-v", "0"], environment)
        seeded = json.loads(
            _run([sys.executable, __file__, "--seed", str(args.members)], environment)
        )
        for _ in range(2):
            port = free_port()
            log = (work / f"daphne-{port}.log").open("w")
            servers.append(
                (
                    port,
                    subprocess.Popen(
                        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
                        + ["config.asgi:application"],
                        cwd=ROOT,
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    ),
                )
            )
        for port, _process in servers:
            _wait_for(port)
        report = asyncio.run(
            _measure(
                seeded,
                [port for port, _ in servers],
                args,
                {"daphne": [p.pid for _, p in servers], "redis": [redis.pid]},
            )
        )
    finally:
        for _port, process in servers:
            process.terminate()
            process.wait(timeout=15)
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    _print_report(args, report)


def _print_report(args, report: dict) -> None:
    samples = sorted(report["samples"])
    percentile = lambda p: samples[min(len(samples) - 1, int(p / 100 * len(samples)))]  # noqa: E731
    print(
        f"{args.members} members on 2 daphne processes, {args.clients} client processes, "
        f"{args.messages} messages, {len(samples)} deliveries: "
        f"p50 {percentile(50) * 1000:.1f} ms, p95 {percentile(95) * 1000:.1f} ms, "
        f"p99 {percentile(99) * 1000:.1f} ms, max {samples[-1] * 1000:.1f} ms, "
        f"mean {statistics.mean(samples) * 1000:.1f} ms"
    )
    per_message = {name: seconds * 1000 / args.messages for name, seconds in report["cpu"].items()}
    print(
        "CPU per message: "
        + ", ".join(f"{name} {ms:.1f} ms" for name, ms in per_message.items())
        + f" (wall {report['wall'] * 1000 / args.messages:.1f} ms per message, incl. pauses)"
    )
    print(
        "load average (1 min) before {:.2f}, after {:.2f}; {} cores".format(
            report["load_before"], report["load_after"], os.cpu_count()
        )
    )
    if report["closed"]:
        print(
            f"{len(report['closed'])} member sockets were closed by the server: {report['closed']}"
        )


# --- Measuring ----------------------------------------------------------------------------
#
# Member sockets live in `--clients` processes, so that one Python event loop reading 200
# sockets is not what is measured. Times are time.perf_counter(): CLOCK_MONOTONIC on Linux,
# one clock for every process of the machine. A member's arrival is stamped before its frame
# is parsed. The sender sends message n+1 only when every client has all of message n.

PAUSE_BETWEEN_MESSAGES = 0.05
MESSAGE_DEADLINE = 10


async def _connect(session, port: int, conversation: int, token: str):
    socket = await session.ws_connect(
        f"ws://127.0.0.1:{port}/ws/chat/{conversation}/?token={token}",
        origin=f"http://127.0.0.1:{port}",
        max_msg_size=0,
    )
    hello = json.loads((await socket.receive(timeout=60)).data)
    assert hello["type"] == "hello", hello
    return socket


def _client(conversation: int, sockets: list, to_main, from_main) -> None:
    """A client process: its share of member sockets, reporting each message all of them got."""
    asyncio.run(_client_run(conversation, sockets, to_main, from_main))


async def _client_run(conversation: int, sockets: list, to_main, from_main) -> None:
    import aiohttp

    arrivals: list[tuple[int, float]] = []
    counts: dict[int, int] = {}
    closed: list[int] = []
    state = {"live": len(sockets), "finishing": False, "newest": -1}

    def report_if_complete(number: int) -> None:
        if number >= 0 and counts.get(number, 0) == state["live"]:
            to_main.put(("done", number))

    async def listen(socket) -> None:
        async for message in socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            arrived = time.perf_counter()
            frame = json.loads(message.data)
            if frame["type"] == "message":
                number = int(frame["message"]["body"].split()[1])
                arrivals.append((number, arrived))
                counts[number] = counts.get(number, 0) + 1
                state["newest"] = max(state["newest"], number)
                report_if_complete(number)
        if not state["finishing"]:
            closed.append(int(socket.close_code or 0))
            state["live"] -= 1
            report_if_complete(state["newest"])

    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        members = [await _connect(session, port, conversation, token) for port, token in sockets]
        listeners = [asyncio.create_task(listen(socket)) for socket in members]
        cpu_before = time.process_time()
        to_main.put(("ready", None))
        await loop.run_in_executor(None, from_main.get)  # "stop"
        cpu = time.process_time() - cpu_before
        state["finishing"] = True
        for socket in members:
            await socket.close()
        await asyncio.gather(*listeners, return_exceptions=True)
    to_main.put(("result", {"arrivals": arrivals, "closed": closed, "cpu": cpu}))


async def _measure(seeded: dict, ports: list[int], args, pids: dict) -> dict:
    import multiprocessing

    import aiohttp

    conversation = seeded["conversation"]
    context = multiprocessing.get_context("spawn")
    to_main = context.Queue()
    shares = [[] for _ in range(args.clients)]
    for n, token in enumerate(seeded["members"]):
        shares[n % args.clients].append((ports[n % 2], token))
    commands = [context.Queue() for _ in shares]
    clients = [
        context.Process(target=_client, args=(conversation, share, to_main, command))
        for share, command in zip(shares, commands, strict=True)
    ]
    for client in clients:
        client.start()
    loop = asyncio.get_running_loop()

    async def next_report(timeout: float):
        return await loop.run_in_executor(None, lambda: to_main.get(timeout=timeout))

    try:
        for _ in clients:
            assert (await next_report(600))[0] == "ready"
        sent_at: dict[int, float] = {}
        async with aiohttp.ClientSession() as session:
            sender = await _connect(session, ports[0], conversation, seeded["sender"])
            load_before, cpu_before = os.getloadavg()[0], _cpu_seconds(pids)
            started = time.perf_counter()
            for n in range(args.messages):
                sent_at[n] = time.perf_counter()
                await sender.send_str(json.dumps({"type": "message", "body": f"bench {n}"}))
                for _ in clients:
                    kind, number = await next_report(MESSAGE_DEADLINE)
                    assert (kind, number) == ("done", n), (kind, number, n)
                await asyncio.sleep(PAUSE_BETWEEN_MESSAGES)
            wall = time.perf_counter() - started
            cpu_after, load_after = _cpu_seconds(pids), os.getloadavg()[0]
            await sender.close()
        for command in commands:
            command.put("stop")
        results = [(await next_report(60))[1] for _ in clients]
    finally:
        for client in clients:
            client.join(timeout=30)
            if client.is_alive():
                client.terminate()
    cpu = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    cpu["clients"] = sum(result["cpu"] for result in results)
    return {
        "samples": [t - sent_at[n] for r in results for n, t in r["arrivals"]],
        "closed": [code for result in results for code in result["closed"]],
        "cpu": cpu,
        "wall": wall,
        "load_before": load_before,
        "load_after": load_after,
    }


def _cpu_seconds(pids: dict) -> dict[str, float]:
    """User + system CPU seconds used so far by each named group of processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {}
    for name, group in pids.items():
        total = 0
        for pid in group:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        totals[name] = total / ticks
    return totals


def _recreate_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _run(command: list[str], environment: dict) -> str:
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _wait_for(port: int, timeout: float = 300) -> None:
    from config.tests.servers import get

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get(port, "/healthz", timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"daphne on {port} did not start")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        seed(int(sys.argv[2]))
    else:
        main()
