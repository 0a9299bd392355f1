"""A small stand-in for Stripe's API on 127.0.0.1: the real stripe client talks to it."""

import html
import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that timed out has gone: its answer has nowhere to go."""


class FakeStripe:
    def __init__(self):
        self.requests: list[dict] = []
        self.by_key: dict[str, dict] = {}
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        # Set to play Stripe refusing refunds for a while, one way of REFUSALS.
        self.refunds_fail = ""
        self.refund_status = "succeeded"  # what an accepted refund says
        self.slow = threading.Event()  # set: every answer waits until it is cleared
        self.sessions_fail = False  # set True to play Stripe refusing to open a session
        self.line_items: dict[str, list[dict]] = {}  # session id -> its lines, as sent
        self.sessions: dict[str, dict] = {}
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.slow.clear()
        self.server.shutdown()
        self.server.server_close()

    def calls(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def _respond(self, path: str, form: dict, key: str | None) -> tuple[int, dict]:
        with self.lock:
            self.requests.append({"path": path, "form": form, "idempotency_key": key})
            if key and key in self.by_key:
                return 200, self.by_key[key]
            n = next(self.ids)
            if path == "/v1/checkout/sessions" and self.sessions_fail:
                return 400, {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "parameter_invalid_integer",
                        "param": "line_items[0][price_data][unit_amount]",
                        "message": "Invalid integer",
                    }
                }
            if path == "/v1/checkout/sessions":
                lines = _line_items(form)
                body = {
                    "id": f"cs_test_{n}",
                    "object": "checkout.session",
                    "mode": form.get("mode"),
                    "status": "open",
                    "url": f"{self.url}/pay/cs_test_{n}",
                    "amount_subtotal": sum(line["amount"] for line in lines),
                    "amount_total": sum(line["amount"] for line in lines),
                    "currency": lines[0]["currency"],
                    "payment_status": "unpaid",
                    "payment_intent": None,
                    "client_reference_id": form.get("client_reference_id"),
                    "metadata": _nested(form, "metadata"),
                    "success_url": form.get("success_url"),
                    "cancel_url": form.get("cancel_url"),
                }
                self.line_items[body["id"]] = lines
                self.sessions[body["id"]] = body
            elif path == "/v1/refunds" and self.refunds_fail:
                return REFUSALS[self.refunds_fail]
            elif path == "/v1/refunds":
                body = {
                    "id": f"re_test_{n}",
                    "object": "refund",
                    "status": self.refund_status,
                    "amount": int(form.get("amount") or 0),
                    "payment_intent": form["payment_intent"],
                }
            elif path.endswith("/expire") and path.rsplit("/", 2)[-2] in self.sessions:
                body = self.sessions[path.rsplit("/", 2)[-2]]
                if body["status"] != "open":
                    return 400, {
                        "error": {
                            "type": "invalid_request_error",
                            "message": "Only an open Checkout Session can be expired.",
                        }
                    }
                body["status"] = "expired"
                return 200, body
            else:
                return 404, {"error": {"type": "invalid_request_error", "message": "no route"}}
            if key:
                self.by_key[key] = body
            return 200, body

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                status, body = fake._respond(self.path, form, self.headers.get("Idempotency-Key"))
                self._answer(status, body)

            def do_GET(self):
                if self.path.startswith("/v1/checkout/sessions/"):
                    return self._api_get()
                # The hosted payment page, reduced to what a browser test reads: the lines,
                # the total, and the way back to the shop.
                session = fake.sessions.get(self.path.rsplit("/", 1)[-1])
                if not self.path.startswith("/pay/") or session is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                rows = "".join(
                    f"<li>{html.escape(line['description'])}: {line['amount']}</li>"
                    for line in fake.line_items[session["id"]]
                )
                page = (
                    f"<!DOCTYPE html><title>Fake Stripe Checkout</title><ul>{rows}</ul>"
                    f"<p id=total>{session['amount_total']} {session['currency']}</p>"
                    f'<a href="{html.escape(session["success_url"])}">Pay</a>'
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def _api_get(self):
                fake.requests.append({"path": self.path, "form": {}, "idempotency_key": None})
                session = fake.sessions.get(self.path.rsplit("/", 1)[-1])
                status, body = (200, session) if session else (404, NOT_FOUND)
                self._answer(status, body)

            def _answer(self, status, body):
                while fake.slow.is_set():  # Stripe not answering: the client times out
                    fake.slow.wait(0.05)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


NOT_FOUND = {"error": {"type": "invalid_request_error", "code": "resource_missing"}}
# How Stripe refuses a refund: {name: (HTTP status, body)}.
REFUSALS = {
    "busy": (400, {"error": {"type": "invalid_request_error", "message": "try later"}}),
    "down": (500, {"error": {"type": "api_error", "message": "Something went wrong."}}),
    "declined": (
        402,
        {"error": {"type": "card_error", "code": "card_declined", "message": "declined"}},
    ),
    "disputed": (
        400,
        {
            "error": {
                "type": "invalid_request_error",
                "code": "charge_disputed",
                "message": "Charge ch_1 has been charged back; cannot issue a refund.",
            }
        },
    ),
}


def _nested(form: dict, name: str) -> dict:
    """`metadata[payment_ids]=1,2` (Stripe's form encoding) -> {"payment_ids": "1,2"}."""
    prefix = f"{name}["
    return {k[len(prefix) : -1]: v for k, v in form.items() if k.startswith(prefix)}


def _line_items(form: dict) -> list[dict]:
    lines = []
    for i in itertools.count():
        key = f"line_items[{i}]"
        if f"{key}[quantity]" not in form:
            return lines
        quantity = int(form[f"{key}[quantity]"])
        unit = int(form[f"{key}[price_data][unit_amount]"])
        lines.append(
            {
                "description": form[f"{key}[price_data][product_data][name]"],
                "quantity": quantity,
                "currency": form[f"{key}[price_data][currency]"],
                "amount": unit * quantity,
            }
        )
