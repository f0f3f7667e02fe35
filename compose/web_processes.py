"""Serve HTTP and WebSocket with several daphne processes on one port.

One daphne process runs Python one thread at a time (the GIL), so a machine with N cores
needs N processes to use them. Each process gets its own listening socket bound to the same
address with SO_REUSEPORT: the kernel spreads new connections over them, and a process that
dies takes only its own connections with it (this launcher then stops the rest, so that the
container restarts whole). WebSockets work across processes through the Redis channel layer.

    python compose/web_processes.py --processes 2 --bind 0.0.0.0 --port 8000 [daphne options]

--processes defaults to WEB_PROCESSES, else the number of cores this process may use.
Everything after the known options goes to daphne (e.g. --proxy-headers).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time


def default_processes() -> int:
    configured = os.environ.get("WEB_PROCESSES", "").strip()
    if configured:
        return max(1, int(configured))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(1024)
    listener.set_inheritable(True)
    return listener


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=default_processes())
    parser.add_argument("--bind", default=os.environ.get("DAPHNE_BIND", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("DAPHNE_PORT", "8000")))
    parser.add_argument("--application", default="config.asgi:application")
    args, daphne_options = parser.parse_known_args()

    children: list[subprocess.Popen] = []
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _number in range(max(1, args.processes)):
        listener = listening_socket(args.bind, args.port)
        command = [sys.executable, "-m", "daphne", "--fd", str(listener.fileno())]
        children.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and options)
                [*command, *daphne_options, args.application], pass_fds=[listener.fileno()]
            )
        )
        listener.close()  # the child holds its own copy
    print(
        f"web: {len(children)} daphne processes on {args.bind}:{args.port} "
        f"(pids {' '.join(str(child.pid) for child in children)})",
        flush=True,
    )
    while not stopping:
        if any(child.poll() is not None for child in children):
            print("web: a daphne process exited; stopping the others", flush=True)
            stop()
            break
        time.sleep(0.5)
    deadline = time.monotonic() + 20
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return (
        0 if stopping and all(child.returncode in (0, -signal.SIGTERM) for child in children) else 1
    )


if __name__ == "__main__":
    sys.exit(main())
