"""An open-model load: requests start at a fixed rate whatever the answers, step by step.

Run by loadtest/run.py (`make loadtest`) against gunicorn, with the site's addresses in
the JSON file named by LOAD_DATA. Each step offers one rate (LOAD_RATES, req/s) for
LOAD_STEP_SECONDS; request i of a step is due at i / rate, and its latency counts from
then, so a server that falls behind shows it in full (no coordinated omission). Stepping
stops at the first rate the site does not hold: p95 above LOAD_P95_MS (500) or any error.

The mix, request by request, follows loadtest/locustfile.py: catalog pages (plain,
by category, searched, three filters and a sort), product pages, storefronts, trace
pages, the home page, and buyers, each request of whom is one step of their purchase:
a product page, the contested product and another into the cart, the checkout form,
then the order placed cash on delivery. A checkout refused for want of stock is an
answer, not an error. Writes what it saw to the JSON file named by LOAD_OUTCOMES.
"""

import http.client
import json
import os
import queue
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())
HOST, PORT = os.environ["LOAD_HOST"], int(os.environ["LOAD_PORT"])
RATES = [float(r) for r in os.environ.get("LOAD_RATES", "10,20,30,40,60,80,120").split(",")]
STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", "15"))
P95_MS = float(os.environ.get("LOAD_P95_MS", "500"))
THREADS = int(os.environ.get("LOAD_THREADS", "200"))
# At the first rate, not judged: templates compiled, connections open, caches filled.
WARM_UP_SECONDS = float(os.environ.get("LOAD_WARMUP_SECONDS", "8"))
TIMEOUT = 10
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CART_STATE = re.compile(r'name="cart_state" value="([^"]*)"')
ADD_TO_CART = 'action="/gio-hang/them/"'
DELIVERY_STATE = re.compile(r'name="delivery_state" value="([^"]*)"')
SEARCHES = ["keo dua", "Kẹo dừa", "nuoc mam", "bưởi", "mat ong", "chè", "gao"]
MIX = {
    "catalog": 4,
    "category": 4,
    "search": 3,
    "filters": 2,
    "product": 4,
    "trace": 4,
    "storefront": 2,
    "home": 1,
    "buyer": 6,
}


class Failed(Exception):
    """An answer the site should not give (the request counts as an error)."""


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


@dataclass
class Session:
    """A buyer's cookies (session and CSRF) and how far along the purchase they are."""

    cookies: dict = field(default_factory=dict)
    step: int = 0
    form: dict = field(default_factory=dict)

    def send(self, method: str, path: str, fields: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = send(method, path, body=body, headers=headers)
        for value in answer.headers.get("set-cookie", []):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer


def send(method: str, path: str, *, body=None, headers=None) -> Answer:
    """One request on its own connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        grouped: dict = {}
        for name, value in response.getheaders():
            grouped.setdefault(name.lower(), []).append(value)
        return Answer(response.status, grouped, text)
    finally:
        connection.close()


def _page(path: str) -> Answer:
    answer = send("GET", path)
    if answer.status != 200:
        raise Failed(f"{answer.status} on {path}")
    return answer


def browse(kind: str, rng: random.Random) -> None:
    """One GET of the browsing part of the mix."""
    category = rng.choice(DATA["categories"])
    paths = {
        "catalog": "/san-pham/",
        "category": f"/san-pham/?category={category}",
        "search": "/san-pham/?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)}),
        "filters": "/san-pham/?"
        + urllib.parse.urlencode(
            {"q": rng.choice(SEARCHES), "category": category, "stars": 3, "sort": "price"}
        ),
        "product": f"/san-pham/{rng.choice(DATA['products'])}/",
        "trace": f"/t/{rng.choice(DATA['lots'])}/",
        "storefront": rng.choice(DATA["storefronts"]),
        "home": "/",
    }
    _page(paths[kind])


class Buyers:
    """Buyers between two steps of their purchase; a buyer request moves one of them on."""

    def __init__(self):
        self.waiting: deque[Session] = deque()
        self.lock = threading.Lock()
        self.orders = self.sold_out = 0

    def step(self, rng: random.Random) -> None:
        with self.lock:
            session = self.waiting.popleft() if self.waiting else Session()
        done = BUYER_STEPS[session.step](self, session, rng)
        session.step += 1
        if not done and session.step < len(BUYER_STEPS):
            with self.lock:
                self.waiting.append(session)

    def _product_page(self, session: Session, rng) -> bool:
        answer = session.send("GET", f"/san-pham/{rng.choice(DATA['products'])}/")
        if answer.status != 200:
            raise Failed(f"{answer.status} on a product page")
        # The shared page's form carries no token (cart_add checks the Origin).
        return ADD_TO_CART not in answer.text  # sold out: no form, the buyer leaves

    def _cart_add(self, session: Session, rng, product_id: int | None = None) -> bool:
        product_id = product_id or DATA["product_ids"][rng.choice(DATA["products"])]
        fields = {"product": product_id}
        answer = session.send(
            "POST", "/gio-hang/them/", {**fields, "quantity": rng.choice([1, 1, 2])}
        )
        if answer.status != 302:
            raise Failed(f"cart add answered {answer.status}")
        return False

    def _cart_add_hot(self, session: Session, rng) -> bool:
        return self._cart_add(session, rng, DATA["hot_product"]["id"])

    def _checkout_form(self, session: Session, rng) -> bool:
        answer = session.send("GET", f"/thanh-toan/?commune={DATA['commune']}")
        if answer.status == 302:  # the cart is empty: everything was sold out
            return True
        token, state = TOKEN.search(answer.text), CART_STATE.search(answer.text)
        if answer.status != 200 or token is None or state is None:
            raise Failed(f"checkout form answered {answer.status}")
        delivery = DELIVERY_STATE.search(answer.text)
        session.form.update(
            token=token.group(1),
            cart_state=state.group(1),
            delivery_state=delivery.group(1) if delivery else "",
        )
        return False

    def _place(self, session: Session, rng) -> bool:
        answer = session.send("POST", "/thanh-toan/", _checkout_fields(session.form, rng))
        location = answer.headers.get("location", [""])[0]
        if answer.status == 302 and "/don-hang/" in location:
            with self.lock:
                self.orders += 1
        elif _refused_for_stock(answer, location):
            with self.lock:
                self.sold_out += 1
        else:
            raise Failed(f"checkout answered {answer.status} {location}")
        return True


def _checkout_fields(form: dict, rng: random.Random) -> dict:
    return {
        "csrfmiddlewaretoken": form["token"],
        "name": "Khách Thử Tải",
        "phone": f"091{rng.randrange(10**7):07d}",  # 091: allocated throughout
        "address": "1 ấp Thử",
        "province": DATA["province"],
        "commune": DATA["commune"],
        "payment_method": "cod",
        "cart_state": form["cart_state"],
        "delivery_state": form["delivery_state"],
        "place": "1",
    }


def _refused_for_stock(answer: Answer, location: str) -> bool:
    """Sent back to the cart, or to the form with one message naming no field (as in
    loadtest/locustfile.py)."""
    if answer.status == 302:
        return location.endswith("/gio-hang/")
    return (
        answer.status == 200
        and 'id="error-summary"' in answer.text
        and 'href="#id_' not in answer.text
    )


BUYER_STEPS = [
    Buyers._product_page,
    Buyers._cart_add_hot,
    Buyers._cart_add,
    Buyers._checkout_form,
    Buyers._place,
]


@dataclass
class Record:
    kind: str
    due: float
    started: float
    finished: float
    error: str = ""
    wrong: bool = False  # an answer the site should not give, not a timeout or refusal


@dataclass
class Step:
    rate: float
    records: list[Record]
    wall: float
    cpu: float
    load: float

    def latencies(self, kind: str | None = None) -> list[float]:
        return sorted((r.finished - r.due) * 1000 for r in self.records if kind in (None, r.kind))

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.records if r.error]

    @property
    def achieved(self) -> float:
        """Answered requests (errors left out) per second, from the first due to the last answer."""
        answered = sum(1 for r in self.records if not r.error)
        return answered / (max(r.finished for r in self.records) - self.records_start)

    @property
    def records_start(self) -> float:
        return min(r.due for r in self.records)

    @property
    def lag_p95_ms(self) -> float:
        """How late the generator started requests (all its threads busy, or its CPU)."""
        return quantile(sorted((r.started - r.due) * 1000 for r in self.records), 0.95)

    def held(self) -> bool:
        return not self.errors and quantile(self.latencies(), 0.95) <= P95_MS


def quantile(values: list[float], q: float) -> float:
    """The q-quantile of sorted `values`, nearest rank."""
    return values[max(int(len(values) * q + 0.5) - 1, 0)] if values else 0.0


class Generator:
    """Worker threads that start each request when it is due (or as soon as one is free)."""

    def __init__(self, threads: int, seed: int = 18):
        self.due: queue.Queue = queue.Queue()
        self.records: list[Record] = []
        self.buyers = Buyers()
        self.rng = random.Random(seed)
        self.kinds = self.rng.choices(list(MIX), weights=list(MIX.values()), k=100_000)
        for n in range(threads):
            threading.Thread(target=self._work, args=(random.Random(n),), daemon=True).start()

    def _work(self, rng: random.Random) -> None:
        while True:
            kind, due = self.due.get()
            started, error, wrong = time.monotonic(), "", False
            try:
                if kind == "buyer":
                    self.buyers.step(rng)
                else:
                    browse(kind, rng)
            except Failed as failure:
                error, wrong = f"{kind}: {failure}", True
            except (OSError, http.client.HTTPException) as failure:
                error = f"{kind}: {type(failure).__name__} {failure}"
            self.records.append(Record(kind, due, started, time.monotonic(), error, wrong))
            self.due.task_done()

    def step(self, rate: float, seconds: float, offset: int) -> Step:
        """Offer `rate` req/s for `seconds`; waits until every request has its answer."""
        self.records = []
        count = max(int(rate * seconds), 1)
        cpu, start = _cpu(), time.monotonic() + 0.05
        for i in range(count):
            due = start + i / rate
            time.sleep(max(due - time.monotonic(), 0))
            self.due.put((self.kinds[(offset + i) % len(self.kinds)], due))
        self.due.join()
        wall = time.monotonic() - start
        return Step(rate, self.records, wall, _cpu() - cpu, os.getloadavg()[0])


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def step_line(step: Step, label: str = "STEP") -> str:
    latencies = step.latencies()
    verdict = "not judged" if label != "STEP" else "held" if step.held() else "NOT HELD"
    return (
        f"{label} | offered {step.rate:5.0f} req/s | achieved {step.achieved:6.1f} req/s"
        f" | p50 {quantile(latencies, 0.5):6.0f} ms | p95 {quantile(latencies, 0.95):6.0f} ms"
        f" | {len(step.errors):3d} errors | generator CPU {100 * step.cpu / step.wall:4.1f} %"
        f", start lag p95 {step.lag_p95_ms:4.0f} ms"
        f" | load {step.load:4.1f} | {verdict}"
    )


def kinds_line(step: Step) -> str:
    parts = []
    for kind in MIX:
        if latencies := step.latencies(kind):
            parts.append(f"{kind} {quantile(latencies, 0.5):.0f}/{quantile(latencies, 0.95):.0f}")
    return "       p50/p95 ms by kind: " + ", ".join(parts)


def run_steps(generator: Generator) -> tuple[list[Step], list[Step]]:
    """The warm-up, then each rate until one is not held: (warm-up, judged steps)."""
    warm_up, steps, offset = [], [], 0
    if WARM_UP_SECONDS > 0:
        warm_up.append(generator.step(RATES[0], WARM_UP_SECONDS, offset))
        offset += len(warm_up[0].records)
        print(step_line(warm_up[0], "WARM-UP"), flush=True)
    for rate in RATES:
        step = generator.step(rate, STEP_SECONDS, offset)
        offset += len(step.records)
        steps.append(step)
        print(step_line(step), flush=True)
        print(kinds_line(step), flush=True)
        for error in sorted(set(step.errors))[:5]:
            print(f"       error: {error}", flush=True)
        if not step.held():
            break
    return warm_up, steps


def main() -> int:
    generator = Generator(THREADS)
    wall, cpu = time.monotonic(), _cpu()
    warm_up, steps = run_steps(generator)
    held = [s.rate for s in steps if s.held()]
    outcomes = {
        "held_rate": max(held) if held else 0,
        "highest_offered": steps[-1].rate,
        "orders": generator.buyers.orders,
        "sold_out": generator.buyers.sold_out,
        "requests": sum(len(s.records) for s in steps),
        "errors": sum(len(s.errors) for s in steps),
        "wrong_answers": sorted({r.error for s in warm_up + steps for r in s.records if r.wrong}),
        "generator_cpu": (_cpu() - cpu) / (time.monotonic() - wall),
    }
    with open(os.environ["LOAD_OUTCOMES"], "w", encoding="utf-8") as out:
        json.dump(outcomes, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
