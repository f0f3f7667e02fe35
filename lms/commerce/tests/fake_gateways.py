"""A local stand-in for the Razorpay and Stripe HTTP APIs, at the transport level: the real
`razorpay` and `stripe` clients talk HTTP to it on 127.0.0.1. It implements only the few
endpoints the LMS uses, checks the API keys, and records every request."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

RAZORPAY_KEY_ID = "rzp_test_key"
RAZORPAY_KEY_SECRET = "rzp_test_secret"
RAZORPAY_WEBHOOK_SECRET = "rzp_test_webhook_secret"
STRIPE_SECRET_KEY = "sk_test_fake"
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"


@dataclass
class Recorded:
    method: str
    path: str
    body: dict
    headers: dict


@dataclass
class FakeState:
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    razorpay_orders: dict[str, dict] = field(default_factory=dict)
    razorpay_payments: dict[str, dict] = field(default_factory=dict)
    stripe_sessions: dict[str, dict] = field(default_factory=dict)
    refunds: list[dict] = field(default_factory=list)
    fail_next: int = 0
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def reset(self) -> None:
        self.requests.clear()
        self.razorpay_orders.clear()
        self.razorpay_payments.clear()
        self.stripe_sessions.clear()
        self.refunds.clear()
        self.fail_next = 0

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.requests]

    # What the gateway does when a student pays in its checkout.
    def razorpay_pay(
        self, order_id: str, *, amount: int | None = None, currency: str | None = None
    ) -> str:
        order = self.razorpay_orders[order_id]
        payment_id = f"pay_{next(self.counter)}"
        self.razorpay_payments[payment_id] = {
            "id": payment_id,
            "entity": "payment",
            "order_id": order_id,
            "amount": order["amount"] if amount is None else amount,
            "currency": currency or order["currency"],
            "status": "captured",
        }
        return payment_id

    def stripe_pay(self, session_id: str, *, amount: int | None = None) -> dict:
        session = self.stripe_sessions[session_id]
        session.update(
            payment_status="paid",
            status="complete",
            payment_intent=f"pi_{next(self.counter)}",
            amount_total=session["amount_total"] if amount is None else amount,
        )
        return session


def razorpay_payment_signature(
    order_id: str, payment_id: str, secret: str = RAZORPAY_KEY_SECRET
) -> str:
    return hmac.new(
        secret.encode(), f"{order_id}|{payment_id}".encode(), hashlib.sha256
    ).hexdigest()


def razorpay_webhook(
    payment: dict, *, event: str = "payment.captured", secret: str = RAZORPAY_WEBHOOK_SECRET
):
    """Body and headers of a Razorpay webhook, signed like Razorpay signs them."""
    body = json.dumps(
        {
            "entity": "event",
            "account_id": "acc_test",
            "event": event,
            "contains": ["payment"],
            "payload": {"payment": {"entity": payment}},
            "created_at": int(time.time()),
        }
    ).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    event_id = f"evt_{hashlib.sha1(body).hexdigest()[:14]}"  # noqa: S324 - an id, not security
    return body, {"HTTP_X_RAZORPAY_SIGNATURE": signature, "HTTP_X_RAZORPAY_EVENT_ID": event_id}


def stripe_webhook(
    session: dict,
    *,
    event_type: str = "checkout.session.completed",
    secret: str = STRIPE_WEBHOOK_SECRET,
):
    """Body and headers of a Stripe webhook, signed like Stripe signs them."""
    body = json.dumps(
        {
            "id": f"evt_{session['id']}_{event_type.replace('.', '_')}",
            "object": "event",
            "type": event_type,
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()),
            "data": {"object": session},
        }
    ).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return body, {"HTTP_STRIPE_SIGNATURE": f"t={timestamp},v1={signature}"}


def _handler(state: FakeState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def _body(self) -> dict:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if not raw:
                return {}
            if self.headers.get("Content-Type", "").startswith("application/json"):
                return json.loads(raw)
            return dict(parse_qsl(raw))

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorized(self) -> bool:
            auth = self.headers.get("Authorization", "")
            if self.path.startswith("/v1/checkout") or self.path.startswith("/v1/refunds"):
                return auth == f"Bearer {STRIPE_SECRET_KEY}"
            expected = base64.b64encode(
                f"{RAZORPAY_KEY_ID}:{RAZORPAY_KEY_SECRET}".encode()
            ).decode()
            return auth == f"Basic {expected}"

        def _dispatch(self, method: str) -> None:
            body = self._body() if method == "POST" else {}
            state.requests.append(Recorded(method, self.path, body, dict(self.headers)))
            if not self._authorized():
                self._send(401, {"error": {"code": "BAD_REQUEST_ERROR", "description": "bad key"}})
                return
            if state.fail_next:
                state.fail_next -= 1
                self._send(
                    500,
                    {"error": {"code": "SERVER_ERROR", "description": "down", "message": "down"}},
                )
                return
            parts = self.path.split("?")[0].strip("/").split("/")
            route = (method, *parts)
            n = next(state.counter)
            if route == ("POST", "v1", "orders"):
                order = {
                    "id": f"order_{n}",
                    "entity": "order",
                    "amount": int(body["amount"]),
                    "currency": body["currency"],
                    "receipt": body.get("receipt"),
                    "notes": body.get("notes"),
                    "status": "created",
                }
                state.razorpay_orders[order["id"]] = order
                return self._send(200, order)
            if method == "GET" and parts[:2] == ["v1", "payments"] and len(parts) == 3:
                payment = state.razorpay_payments.get(parts[2])
                if payment is None:
                    return self._send(
                        400,
                        {"error": {"code": "BAD_REQUEST_ERROR", "description": "no such payment"}},
                    )
                return self._send(200, payment)
            if method == "POST" and parts[:2] == ["v1", "payments"] and parts[-1] == "refund":
                refund = {
                    "id": f"rfnd_{n}",
                    "entity": "refund",
                    "payment_id": parts[2],
                    # Like Razorpay: no amount refunds the whole captured payment.
                    "amount": int(
                        body.get("amount")
                        or state.razorpay_payments.get(parts[2], {}).get("amount", 0)
                    ),
                }
                state.refunds.append(refund)
                return self._send(200, refund)
            if route == ("POST", "v1", "checkout", "sessions"):
                session = {
                    "id": f"cs_test_{n}",
                    "object": "checkout.session",
                    "url": f"{state.base_url}/pay/cs_test_{n}",
                    "amount_total": int(body["line_items[0][price_data][unit_amount]"]),
                    "currency": body["line_items[0][price_data][currency]"],
                    "client_reference_id": body.get("client_reference_id"),
                    "metadata": {"order_id": body.get("metadata[order_id]")},
                    "success_url": body.get("success_url"),
                    "payment_status": "unpaid",
                    "payment_intent": None,
                    "status": "open",
                    "mode": "payment",
                }
                state.stripe_sessions[session["id"]] = session
                return self._send(200, session)
            if method == "GET" and parts[:3] == ["v1", "checkout", "sessions"] and len(parts) == 4:
                session = state.stripe_sessions.get(parts[3])
                if session is None:
                    return self._send(
                        404,
                        {"error": {"type": "invalid_request_error", "message": "No such session"}},
                    )
                return self._send(200, session)
            if route == ("POST", "v1", "refunds"):
                refund = {
                    "id": f"re_{n}",
                    "object": "refund",
                    "payment_intent": body.get("payment_intent"),
                    # Like Stripe: no amount refunds the whole captured payment.
                    "amount": int(
                        body.get("amount")
                        or next(
                            (
                                session["amount_total"]
                                for session in state.stripe_sessions.values()
                                if session.get("payment_intent") == body.get("payment_intent")
                            ),
                            0,
                        )
                    ),
                    "status": "succeeded",
                }
                state.refunds.append(refund)
                return self._send(200, refund)
            self._send(
                404,
                {"error": {"code": "BAD_REQUEST_ERROR", "description": f"no route {self.path}"}},
            )

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

    return Handler


class FakeGatewayServer:
    def __init__(self) -> None:
        self.state = FakeState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.server.daemon_threads = True
        self.state.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeState:
        self.thread.start()
        return self.state

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
