"""`make probes`: three hardening probes replayed against gunicorn on PostgreSQL + Redis.

Black-box: the probes speak HTTP to a real gunicorn (2 workers, marketplace.settings.
loadtest, started by run.py's machinery on its own database) with the standard library
only, and look at the database with the ORM only to set up and to check what changed.

1. Hoarding: one guest (one cookie jar, one address, a new phone each time) tries to
   place 10 cash-on-delivery orders; at most GUEST_OPEN_ORDERS_LIMIT (3) may pass. Their
   holds are then moved to the past, `orders_expire` runs, and the stock must be back.
2. Upload memory: the demo household posts three 6000x6000 PNGs at once and one 48 Mpx
   JPEG to its product's photo form; no worker's peak RSS (VmHWM) may grow by more than
   400 MB, no answer may be a 500, and the PNGs must be refused (400).
3. Webhook shapes: signed Stripe deliveries of the wrong shape, and one dated 10 minutes
   ahead, must each be answered 400, never 500.

Prints one line per probe and PASS or FAIL; exits 1 on FAIL. Environment as run.py's
(LOAD_PG, LOAD_REDIS_URL, LOAD_KEEP_DB=1).
"""

import io
import json
import os
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DBNAME, database_drop, free_port, gunicorn_start, manage, node_env, prepare

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CART_STATE = re.compile(r'name="cart_state" value="([^"]*)"')
DELIVERY_STATE = re.compile(r'name="delivery_state" value="([^"]*)"')
GUEST_LIMIT = 3
ATTEMPTS = 10
LIMIT_MESSAGE = "đơn chờ người bán xác nhận"
PIXELS_MESSAGE = "Ảnh có quá nhiều điểm ảnh."
HWM_GROWTH_LIMIT_KB = 400 * 1024
WEBHOOK_SECRET = "whsec_probe_" + secrets.token_hex(16)


def say(message: str) -> None:
    print(f"[probes] {message}", flush=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its own cookies, no redirects followed, every status returned."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path, *, data=None, body=None, headers=None, timeout=120):
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers=headers, method="POST" if body else "GET"
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def get(self, path):
        return self.request(path)

    def token(self, path) -> str:
        status, _headers, text = self.get(path)
        match = TOKEN.search(text)
        if status != 200 or match is None:
            raise RuntimeError(f"no form on {path} ({status})")
        return match.group(1)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        parts.append(content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# 1. Hoarding -------------------------------------------------------------------------


def probe_hoarding(base: str, data: dict, env: dict) -> tuple[bool, str]:
    from catalog.models import Product
    from marketplace.orders.models import Order, SellerOrder

    guest = Client(base)
    stock_before = dict(Product.objects.values_list("pk", "stock"))
    last_order = Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    placed = refused = 0
    other = []
    # The products a guest can put in a cart (a recalled one's page has no form), in turn.
    buyable = []
    for slug in data["products"]:
        status, _headers, page = guest.get(f"/san-pham/{slug}/")
        if status == 200 and 'action="/gio-hang/them/"' in page:
            buyable.append(slug)
    for attempt in range(ATTEMPTS):
        slug = buyable[attempt % len(buyable)]
        guest.request(  # no token on the shared product page: cart_add checks the Origin
            "/gio-hang/them/",
            data={
                "product": data["product_ids"][slug],
                "quantity": 1,
            },
        )
        status, _headers, form = guest.get(f"/thanh-toan/?commune={data['commune']}")
        token, state = TOKEN.search(form), CART_STATE.search(form)
        delivery = DELIVERY_STATE.search(form)
        if status != 200 or token is None or state is None:
            other.append(f"checkout form {status}")
            continue
        status, headers, text = guest.request(
            "/thanh-toan/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "name": "Khách Thử Giữ Hàng",
                "phone": f"0912345{600 + attempt:03d}",
                "address": "1 ấp Thử",
                "province": data["province"],
                "commune": data["commune"],
                "payment_method": "cod",
                "cart_state": state.group(1),
                "delivery_state": delivery.group(1) if delivery else "",
                "place": "1",
            },
        )
        if status == 302 and "/don-hang/" in headers.get("Location", ""):
            placed += 1
        elif status == 200 and LIMIT_MESSAGE in text:
            refused += 1
        else:
            other.append(f"{status} {headers.get('Location', '')}".strip())
    orders = Order.objects.filter(pk__gt=last_order)
    held = dict(Product.objects.values_list("pk", "stock"))
    taken = sum(stock_before[pk] - held.get(pk, 0) for pk in stock_before)
    SellerOrder.objects.filter(order__in=orders).update(
        hold_until=time_now() - timedelta(minutes=1)
    )
    manage(env, "orders_expire")
    stock_after = dict(Product.objects.values_list("pk", "stock"))
    back = stock_after == stock_before
    line = (
        f"hoarding: placed {placed} of {ATTEMPTS}, refused {refused}"
        + (f", other answers {other}" if other else "")
        + f"; {taken} units held, after expiry stock back: {'yes' if back else 'no'}"
    )
    ok = 0 < placed <= GUEST_LIMIT and placed + refused == ATTEMPTS and back
    return ok, line


def time_now():
    from django.utils import timezone

    return timezone.now()


# 2. Upload memory --------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def memory(pid: int) -> dict:
    """VmRSS and VmHWM in kB."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            figures[key] = int(value.split()[0])
    return figures


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (6000, 6000), (214, 160, 60))
    ImageDraw.Draw(image).rectangle((1000, 1000, 2000, 1500), fill=(40, 120, 60))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def _jpeg() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (8000, 6000), (90, 140, 200))
    ImageDraw.Draw(image).ellipse((2000, 1500, 5000, 4000), fill=(230, 200, 80))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def probe_upload(base: str, master: int) -> tuple[bool, str]:
    from catalog.models import Product
    from marketplace.sellers.models import Seller

    seller = Seller.objects.get(household__phone="+84900000004")
    product = Product.objects.filter(seller=seller).order_by("pk").first()
    from marketplace.core.demo import DEMO_PASSWORD

    household = Client(base)
    token = household.token("/dang-nhap/")
    status, headers, _text = household.request(
        "/dang-nhap/",
        data={"csrfmiddlewaretoken": token, "username": "0900000004", "password": DEMO_PASSWORD},
    )
    if status != 302:
        return False, f"upload memory: log in as the demo household answered {status}"
    edit = f"/cua-hang-cua-toi/{seller.slug}/san-pham/{product.pk}/"
    token = household.token(edit)
    png, jpeg = _png(), _jpeg()

    def post(filename, content, content_type, answers, index):
        body, kind = multipart(
            {"csrfmiddlewaretoken": token}, {"photo": (filename, content, content_type)}
        )
        start = time.monotonic()
        status, _headers, text = household.request(
            edit + "anh/", body=body, headers={"Content-Type": kind}
        )
        answers[index] = (status, time.monotonic() - start, text)

    workers = worker_pids(master)
    before = {pid: memory(pid) for pid in workers}
    pngs = [None] * 3
    threads = [
        threading.Thread(target=post, args=(f"big{i}.png", png, "image/png", pngs, i))
        for i in range(3)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    png_seconds = time.monotonic() - start
    jpegs = [None]
    post("48mpx.jpg", jpeg, "image/jpeg", jpegs, 0)
    after = {pid: memory(pid) for pid in worker_pids(master) if pid in before}
    growth = {pid: after[pid]["VmHWM"] - before[pid]["VmHWM"] for pid in after}
    peak = max((m["VmHWM"] for m in after.values()), default=0)
    png_statuses = [answer[0] for answer in pngs]
    pngs_refused = all(status == 400 and PIXELS_MESSAGE in text for status, _s, text in pngs)
    statuses = png_statuses + [jpegs[0][0]]
    line = (
        f"upload memory: PNGs 6000x6000 ({len(png) // 1024} KB each, 3 at once) answered "
        f"{png_statuses} in {png_seconds:.2f} s; JPEG 8000x6000 ({len(jpeg) // 1024} KB) "
        f"answered {jpegs[0][0]} in {jpegs[0][1]:.2f} s; workers' VmHWM "
        + ", ".join(
            f"{before[pid]['VmHWM'] // 1024}->{after[pid]['VmHWM'] // 1024} MB" for pid in after
        )
        + f" (peak {peak // 1024} MB, largest growth {max(growth.values(), default=0) // 1024} MB)"
    )
    ok = (
        500 not in statuses
        and pngs_refused
        and len(after) == len(before) > 0
        and max(growth.values()) <= HWM_GROWTH_LIMIT_KB
    )
    return ok, line


# 3. Webhook shapes -------------------------------------------------------------------


def probe_webhooks(base: str) -> tuple[bool, str]:
    import stripe

    session = {"id": "cs_probe", "object": "checkout.session", "metadata": {"payment": "1"}}

    def event(**changes):
        body = {
            "id": "evt_" + secrets.token_hex(8),
            "object": "event",
            "type": "checkout.session.completed",
            "data": {"object": dict(session)},
        }
        body.update(changes)
        return body

    now = int(time.time())
    cases = [
        ("JSON array", [event()], now),
        ("data.object a string", event(data={"object": "cs_probe"}), now),
        ("metadata a string", event(data={"object": {**session, "metadata": "1"}}), now),
        ("type a number", event(type=42), now),
        ("10 min in the future", event(), now + 600),
    ]
    client = Client(base)

    def deliver(payload, timestamp):
        text = json.dumps(payload)
        header = stripe.WebhookSignature.generate_signature_header(
            text, WEBHOOK_SECRET, timestamp=timestamp
        )
        status, _headers, _body = client.request(
            "/stripe/webhook/",
            body=text.encode("utf-8"),
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
        )
        return status

    # The control: a well-formed event, signed now, of a type we ignore, is taken (200).
    control = deliver(event(type="customer.created"), now)
    answers = [(name, deliver(payload, timestamp)) for name, payload, timestamp in cases]
    line = f"webhook shapes: control (well-formed) {control}; " + ", ".join(
        f"{name} {status}" for name, status in answers
    )
    ok = control == 200 and all(status == 400 for _name, status in answers)
    return ok, line


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="choso-probes-"))
    env = node_env(work)
    env.update(
        GUEST_OPEN_ORDERS_LIMIT=str(GUEST_LIMIT),
        BUYER_STOCK_SHARE_PERCENT="50",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_SECRET_KEY="sk_test_probe_dummy",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = None
    say(f"database {DBNAME}")
    results = []
    try:
        data = prepare(env)
        gunicorn = gunicorn_start(env, port)
        say(f"gunicorn (2 workers) on 127.0.0.1:{port}")
        for probe in (
            lambda: probe_hoarding(base, data, env),
            lambda: probe_upload(base, gunicorn.pid),
            lambda: probe_webhooks(base),
        ):
            ok, line = probe()
            results.append(ok)
            say(("ok   " if ok else "FAULT ") + line)
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        gunicorn = None
    finally:
        if gunicorn is not None:
            gunicorn.kill()
            gunicorn.wait()
        if os.environ.get("LOAD_KEEP_DB") != "1":
            database_drop()
    passed = len(results) == 3 and all(results)
    say("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
