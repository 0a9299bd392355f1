"""A small stand-in for GHN's public API on 127.0.0.1, speaking its request and answer
shapes. A test scripts the next answers of one path (`answer`, `error`, `raw`,
`timeout`); with no script each path answers success."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEE = "/v2/shipping-order/fee"
LEADTIME = "/v2/shipping-order/leadtime"
CREATE = "/v2/shipping-order/create"
DETAIL = "/v2/shipping-order/detail"
PROVINCES = "/master-data/province"
DISTRICTS = "/master-data/district"
WARDS = "/master-data/ward"

# 17 June 2026, 12:00 in Viet Nam.
LEADTIME_1706 = 1781672400


def ok(data) -> dict:
    return {"code": 200, "message": "Success", "data": data}


SUCCESS = {
    FEE: ok({"total": 36300, "service_fee": 36300, "insurance_fee": 0, "cod_fee": 0}),
    LEADTIME: ok({"leadtime": LEADTIME_1706, "order_date": 1781490600}),
    CREATE: ok(
        {
            "order_code": "GHNTEST1",
            "sort_code": "190-G-01-A1",
            "trans_type": "truck",
            "total_fee": 36300,
            "expected_delivery_time": "2026-06-17T16:59:59Z",
        }
    ),
    DETAIL: ok(
        {"order_code": "GHNTEST1", "status": "picking", "updated_date": "2026-06-15T02:00:00Z"}
    ),
    PROVINCES: ok([]),
    DISTRICTS: ok([]),
    WARDS: ok([]),
}


class FakeGhn:
    def __init__(self):
        self.requests: list[dict] = []
        self.script: dict[str, list[tuple]] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, body: dict, status: int = 200) -> None:
        self.raw(path, json.dumps(body), status)

    def error(self, path: str, message: str, code_message: str = "", status: int = 400) -> None:
        """GHN's refusal: HTTP 400 and `code: 400`."""
        body = {"code": 400, "message": message, "data": None, "code_message": code_message}
        self.answer(path, body, status)

    def raw(self, path: str, text: str, status: int = 200) -> None:
        self.script.setdefault(path, []).append((status, text, 0.0))

    def garbage(self, path: str, text: str = "SSH-2.0-OpenSSH_9.2\r\n") -> None:
        """Bytes that are not HTTP at all (status 0: no status line is sent)."""
        self.script.setdefault(path, []).append((0, text, 0.0))

    def timeout(self, path: str, seconds: float = 1.0) -> None:
        self.script.setdefault(path, []).append((200, json.dumps(SUCCESS[path]), seconds))

    def paths(self) -> list[str]:
        return [request["path"] for request in self.requests]

    def _next(self, request: dict) -> tuple:
        with self.lock:
            self.requests.append(request)
            scripted = self.script.get(request["path"])
            if scripted:
                return scripted.pop(0)
            return 200, json.dumps(SUCCESS.get(request["path"], ok({}))), 0.0

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._answer(None)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer(json.loads(raw))

            def _answer(self, payload):
                url = urllib.parse.urlsplit(self.path)
                request = {
                    "method": self.command,
                    "path": url.path,
                    "query": dict(urllib.parse.parse_qsl(url.query)),
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "json": payload,
                }
                status, text, delay = fake._next(request)
                time.sleep(delay)
                body = text.encode()
                if not status:
                    self.wfile.write(body)
                    return
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that was the point

            def log_message(self, *args):
                pass

        return Handler
