"""Small stand-ins for eSMS.vn, Zalo ZNS and Zalo's OAuth on 127.0.0.1, speaking their
request and answer shapes. A test scripts the next answers (`answer(...)`,
`answer_text(...)`, `timeout()`); with no script each answers success. Each request is
recorded with its path, headers and body: `json`, or `form` for a form-encoded one."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

ESMS_OK = {"CodeResult": "100", "CountRegenerate": 0, "SMSID": "d533459ee42b2b9525ba9eab"}
ZALO_OK = {
    "error": 0,
    "message": "Success",
    "data": {"msg_id": "a1b2c3", "sent_time": "1718418600000", "quota": {"remainingQuota": 499}},
}
ZALO_OAUTH_OK = {
    "access_token": "oa-access-2",
    "refresh_token": "oa-refresh-2",
    "expires_in": "90000",
}


def _parsed(headers: dict, raw: bytes) -> dict:
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {"form": dict(parse_qsl(raw.decode(), keep_blank_values=True))}
    return {"json": json.loads(raw)}


def _encoded(body: dict | str) -> tuple[bytes, str]:
    if isinstance(body, str):  # what a proxy or a broken gateway answers instead
        return body.encode(), "text/html; charset=utf-8"
    return json.dumps(body).encode(), "application/json"


class FakeProvider:
    path = ""
    success: dict = {}

    def __init__(self):
        self.requests: list[dict] = []
        self.script: list[tuple] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, body: dict, status: int = 200) -> None:
        self.script.append((status, body, 0.0))

    def answer_text(self, text: str, status: int = 200) -> None:
        self.script.append((status, text, 0.0))

    def timeout(self, seconds: float = 1.0) -> None:
        self.script.append((200, self.success, seconds))

    def _next(self, request: dict) -> tuple:
        with self.lock:
            self.requests.append(request)
            return self.script.pop(0) if self.script else (200, self.success, 0.0)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                request = {"path": self.path, "headers": headers, **_parsed(headers, raw)}
                status, body, delay = fake._next(request)
                time.sleep(delay)
                payload, content_type = _encoded(body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that was the point

            def log_message(self, *args):
                pass

        return Handler


class FakeEsms(FakeProvider):
    path = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    success = ESMS_OK


class FakeZalo(FakeProvider):
    path = "/message/template"
    success = ZALO_OK


class FakeZaloOAuth(FakeProvider):
    path = "/v4/oa/access_token"
    success = ZALO_OAUTH_OK


def short_code_on(settings) -> str:
    """Replies to the short code switched on, with the keys esms_mo_query signs with."""
    settings.ESMS_MO_CPID = "CP-CHOSO"
    settings.ESMS_MO_PRIVATE_KEY = "esms-mo-private-key"
    settings.ESMS_MO_SERVICE_NUMBER = "8079"
    settings.ESMS_MO_KEYWORD = ""
    return "8079"


def esms_mo_query(
    *,
    sender: str,
    content: str,
    smsid: str,
    cpid: str = "CP-CHOSO",
    private_key: str = "esms-mo-private-key",
    receiver_time: str = "20260615093000",
    service_number: str = "8079",
) -> dict:
    """The query string eSMS sends when someone texts the short code, signed as eSMS
    signs it: MD5(cpid + smsid + content + receiverTime + private key)."""
    import hashlib

    raw = cpid + smsid + content + receiver_time + private_key
    return {
        "sender": sender,
        "content": content,
        "serviceNumber": service_number,
        "keyword": content.split()[0] if content.split() else "",
        "sign": hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest(),
        "cpid": cpid,
        "smsid": smsid,
        "receiverTime": receiver_time,
    }
