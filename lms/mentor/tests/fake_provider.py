"""A fake OpenAI-compatible chat-completions server on loopback (a threading HTTP server):
the real client code talks HTTP to it. It records each request's body and headers and
answers as told: a whole answer, a stream of SSE chunks, an HTTP error, bad JSON, or
nothing for longer than the client waits."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeProvider:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reset()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reset(self) -> None:
        self.requests.clear()
        self.mode = "ok"  # ok | status | bad_json | slow
        self.status = 200
        self.answer = "Loops repeat a block of code."
        self.chunks = ["Loops ", "repeat ", "code."]
        self.delay = 0.0  # seconds before each streamed chunk
        self.tokens = 42

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies_text(self) -> str:
        return json.dumps([r["body"] for r in self.requests], ensure_ascii=False)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(
                    {"path": self.path, "body": body, "headers": dict(self.headers)}
                )
                if fake.mode == "slow":
                    time.sleep(3)
                if fake.mode == "status":
                    return self._send(fake.status, b'{"error": {"message": "no"}}')
                if fake.mode == "bad_json":
                    return self._send(200, b"<html>gateway</html>")
                if body.get("stream"):
                    return self._stream(body)
                answer = {
                    "choices": [{"message": {"role": "assistant", "content": fake.answer}}],
                    "usage": {"total_tokens": fake.tokens},
                }
                self._send(200, json.dumps(answer).encode())

            def _send(self, status: int, data: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout tests)

            def _stream(self, body: dict) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                try:
                    for chunk in fake.chunks:
                        time.sleep(fake.delay)
                        data = {"choices": [{"delta": {"content": chunk}}]}
                        self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
                        self.wfile.flush()
                    usage = {"choices": [], "usage": {"total_tokens": fake.tokens}}
                    self.wfile.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (the stop button)

        return Handler
