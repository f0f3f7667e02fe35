"""Benchmark of chat fan-out: a message to a 200-member group chat reaches every connected
member; prints the latency percentiles from "sent" to "received by a member", with two daphne
processes sharing one Redis channel layer. Not a test.

    python bench/chat_fanout.py [--members 200] [--messages 30] [--postgres URL] [--database NAME]

It makes a throwaway PostgreSQL database (`--database`, default `lms_bench_chat`, dropped
first) and a throwaway
redis-server on a free port, migrates, seeds the members and one group chat, starts two
daphne processes (settings config.settings.bench: production on 127.0.0.1), connects every
member over WebSocket (half to each process) and a sender to the first, then sends
`--messages` messages one after the other (each waits until every member has it) and
measures, per member and message, the time from the send to its arrival.
"""

import argparse
import asyncio
import json
import os
import secrets
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
        samples = asyncio.run(_measure(seeded, [port for port, _ in servers], args.messages))
    finally:
        for _port, process in servers:
            process.terminate()
            process.wait(timeout=15)
        redis.terminate()
        redis.wait(timeout=10)
    samples.sort()
    percentile = lambda p: samples[min(len(samples) - 1, int(p / 100 * len(samples)))]  # noqa: E731
    print(
        f"{args.members} members on 2 daphne processes, {args.messages} messages, "
        f"{len(samples)} deliveries: p50 {percentile(50) * 1000:.1f} ms, "
        f"p95 {percentile(95) * 1000:.1f} ms, p99 {percentile(99) * 1000:.1f} ms, "
        f"max {samples[-1] * 1000:.1f} ms, mean {statistics.mean(samples) * 1000:.1f} ms"
    )


async def _measure(seeded: dict, ports: list[int], messages: int) -> list[float]:
    import aiohttp

    conversation = seeded["conversation"]

    async def connect(session, port: int, token: str):
        socket = await session.ws_connect(
            f"ws://127.0.0.1:{port}/ws/chat/{conversation}/?token={token}",
            origin=f"http://127.0.0.1:{port}",
            max_msg_size=0,
        )
        hello = json.loads((await socket.receive(timeout=30)).data)
        assert hello["type"] == "hello", hello
        return socket

    samples: list[float] = []
    sent_at: dict[str, float] = {}
    closed: list[int] = []  # close codes of member sockets the server closed
    finishing = False
    # No cap on connections (aiohttp allows 100 at once by default).
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        members = [
            await connect(session, ports[n % 2], token) for n, token in enumerate(seeded["members"])
        ]
        sender = await connect(session, ports[0], seeded["sender"])

        async def listen(socket) -> None:
            nonlocal finishing
            while True:
                message = await socket.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    if not finishing:
                        closed.append(int(socket.close_code or 0))
                    return
                frame = json.loads(message.data)
                if frame["type"] == "message":
                    body = frame["message"]["body"]
                    samples.append(time.perf_counter() - sent_at[body])

        listeners = [asyncio.create_task(listen(socket)) for socket in members]
        for n in range(messages):
            body = f"bench {n}"
            before = len(samples)
            sent_at[body] = time.perf_counter()
            await sender.send_str(json.dumps({"type": "message", "body": body}))
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline:
                if len(samples) - before >= len(members) - len(closed):
                    break
                await asyncio.sleep(0.001)
            else:
                raise SystemExit(f"message {n}: {len(samples) - before} deliveries in 10 s")
            await asyncio.sleep(0.05)
        finishing = True
        for socket in [*members, sender]:
            await socket.close()
        await asyncio.gather(*listeners, return_exceptions=True)
    if closed:
        print(f"{len(closed)} member sockets were closed by the server during the run: {closed}")
    return samples


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


def _wait_for(port: int, timeout: float = 60) -> None:
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
