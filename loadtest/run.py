"""`make loadtest`: gunicorn (2 workers) on PostgreSQL + Redis under a mixed load.

Creates its own PostgreSQL database, migrates, seeds the demo, starts gunicorn on a free
port of the loopback, then loads it in one of two ways:

- open model (the default, loadtest/openload.py): requests start at a fixed rate whatever
  the answers, stepped up through LOAD_RATES (10,20,30,40,60,80,120 req/s) for
  LOAD_STEP_SECONDS (15) each until a step is not held (p95 above LOAD_P95_MS, 500, or an
  error); prints each step and the highest rate held;
- closed model (LOAD_MODEL=closed): locust's LOAD_USERS (50) people with think time for
  LOAD_SECONDS (60); prints throughput, p95 and errors.

Then it stops everything and checks in the database that no stock was oversold. Exits
non-zero on a wrong answer (or, closed, any failed request), no rate held, no order
placed, or oversell.

Environment: LOAD_MODEL, LOAD_RATES, LOAD_STEP_SECONDS, LOAD_P95_MS, LOAD_SECONDS,
LOAD_USERS, LOAD_PG (postgres://postgres@127.0.0.1:5432), LOAD_REDIS_URL
(redis://127.0.0.1:6379/3), LOAD_KEEP_DB=1 to keep the database.
"""

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
MODEL = os.environ.get("LOAD_MODEL", "open")
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3")
DBNAME = f"choso_load_{os.getpid()}"
HOT_STOCK = 25  # one product runs out during the run: checkouts race for its last units


def say(message: str) -> None:
    print(f"[loadtest] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_env(work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.loadtest",
        DATABASE_URL=f"{PG}/{DBNAME}",
        DB_CONN_MAX_AGE="60",
        REDIS_URL=REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        TASKS_BACKEND="immediate",
        LOG_LEVEL="ERROR",
        # Every simulated buyer comes from this one machine's address.
        GUEST_OPEN_ORDERS_LIMIT="1000000",
        BUYER_STOCK_SHARE_PERCENT="100",
    )
    return env


def manage(env, *args, quiet: bool = False) -> None:
    """`manage.py args` for the node; `quiet` drops what it prints (errors still show)."""
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=output
    )


def prepare(env) -> dict:
    """Database, demo data, static files; returns what the simulated people visit."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DBNAME}"')
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.db.models import Max

    from catalog.models import Category, Product, ProductStatus
    from cms.models import StorefrontPage
    from marketplace.orders.models import OrderLine
    from marketplace.regions.models import Commune
    from traceability.models import Lot

    redis.Redis.from_url(REDIS_URL).flushdb()
    live = Product.objects.filter(status=ProductStatus.LIVE, stock__gt=0).order_by("pk")
    hot = live.first()
    Product.objects.filter(pk=hot.pk).update(stock=HOT_STOCK)
    commune = Commune.objects.filter(is_current=True).select_related("province").first()
    # What each product holds now is what the run may sell; the demo's own orders are older.
    stock = dict(Product.objects.values_list("pk", "stock"))
    last_line = OrderLine.objects.aggregate(m=Max("pk"))["m"] or 0
    return {
        "products": [p.slug for p in live],
        "product_ids": {p.slug: p.pk for p in live},
        "hot_product": {"slug": hot.slug, "id": hot.pk},
        "categories": list(
            Category.objects.filter(products__in=live).values_list("slug", flat=True).distinct()
        ),
        "lots": list(Lot.objects.values_list("code", flat=True)),
        "storefronts": [p.url for p in StorefrontPage.objects.live()],
        "province": commune.province_id,
        "commune": commune.pk,
        "initial_stock": stock,
        "last_line": last_line,
    }


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} in {seconds} s")


def gunicorn_start(env, port: int, workers: int = 2) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`, once it answers /healthz."""
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application"]
        + ["--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
    except BaseException:
        gunicorn.kill()
        gunicorn.wait()
        raise
    return gunicorn


def gunicorn_stop(gunicorn: subprocess.Popen) -> None:
    gunicorn.send_signal(signal.SIGTERM)
    try:
        gunicorn.wait(timeout=30)
    except subprocess.TimeoutExpired:
        gunicorn.kill()
        gunicorn.wait()


def database_drop() -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DBNAME}" WITH (FORCE)')


def oversold(initial: dict, last_line: int) -> list[str]:
    """Every product: stock never below zero, and never more ordered than there was."""
    from django.db.models import Sum

    from catalog.models import Product
    from marketplace.orders.models import OrderLine

    ordered = dict(
        OrderLine.objects.filter(pk__gt=last_line)
        .values("product_id")
        .annotate(n=Sum("quantity"))
        .values_list("product_id", "n")
    )
    problems = []
    for pk, stock in Product.objects.values_list("pk", "stock"):
        sold = ordered.get(pk, 0)
        if stock < 0 or sold > initial[pk] or stock + sold != initial[pk]:
            problems.append(f"product {pk}: had {initial[pk]}, ordered {sold}, now {stock}")
    return problems


def summary(stats_csv: Path) -> dict:
    with open(stats_csv, encoding="utf-8") as rows:
        total = next(row for row in csv.DictReader(rows) if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "median": float(total["50%"]),
        "p95": float(total["95%"]),
    }


def closed_model(work: Path, port: int) -> tuple[bool, dict]:
    """locust's USERS people with think time for SECONDS: throughput, median, p95."""
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", ROOT / "loadtest" / "locustfile.py", "--headless"]
        + ["--users", str(USERS), "--spawn-rate", "10", "--run-time", f"{SECONDS}s"]
        + ["--host", f"http://127.0.0.1:{port}", "--csv", work / "stats", "--only-summary"]
        + ["--stop-timeout", "10", "--loglevel", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **_generator_env(work, port)},
    )
    figures = summary(work / "stats_stats.csv")
    outcomes = json.loads((work / "outcomes.json").read_text(encoding="utf-8"))
    say(
        f"{figures['requests']} requests in {SECONDS} s: {figures['rps']:.1f} req/s, "
        f"median {figures['median']:.0f} ms, p95 {figures['p95']:.0f} ms, "
        f"{figures['failures']} errors"
    )
    ok = locust.returncode == 0 and figures["failures"] == 0 and figures["requests"] > 0
    return ok, outcomes


def open_model(work: Path, port: int) -> tuple[bool, dict]:
    """Requests at fixed rates, stepped up (loadtest/openload.py): the highest rate held."""
    generator = subprocess.run(
        [sys.executable, ROOT / "loadtest" / "openload.py"],
        cwd=ROOT,
        env={**os.environ, **_generator_env(work, port)},
    )
    outcomes = json.loads((work / "outcomes.json").read_text(encoding="utf-8"))
    say(
        f"highest rate held (p95 <= {os.environ.get('LOAD_P95_MS', '500')} ms, no error): "
        f"{outcomes['held_rate']:.0f} req/s of the {outcomes['highest_offered']:.0f} offered last; "
        f"{outcomes['requests']} requests, {outcomes['errors']} errors; load generator's CPU: "
        f"{100 * outcomes['generator_cpu']:.0f} % of one core"
    )
    for wrong in outcomes["wrong_answers"][:10]:
        say(f"WRONG ANSWER {wrong}")
    # Timeouts at the rate that is not held are the end of the steps; a wrong answer
    # (a 500, a refused form) is a fault at any rate.
    ok = generator.returncode == 0 and outcomes["held_rate"] > 0 and not outcomes["wrong_answers"]
    return ok, outcomes


def _generator_env(work: Path, port: int) -> dict:
    return {
        "LOAD_DATA": str(work / "data.json"),
        "LOAD_OUTCOMES": str(work / "outcomes.json"),
        "LOAD_HOST": "127.0.0.1",
        "LOAD_PORT": str(port),
    }


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="choso-load-"))
    env = node_env(work)
    port = free_port()
    gunicorn = None
    model = closed_model if MODEL == "closed" else open_model
    say(f"database {DBNAME}, {MODEL} model")
    try:
        data = prepare(env)
        (work / "data.json").write_text(json.dumps(data), encoding="utf-8")
        gunicorn = gunicorn_start(env, port)
        say(f"gunicorn (2 workers) on 127.0.0.1:{port}")
        ok, outcomes = model(work, port)
        gunicorn_stop(gunicorn)
        gunicorn = None
        say(
            f"{outcomes['orders']} orders placed, "
            f"{outcomes['sold_out']} checkouts refused for want of stock"
        )
        initial = {int(k): v for k, v in data["initial_stock"].items()}
        problems = oversold(initial, data["last_line"])
        for problem in problems:
            say(f"OVERSOLD {problem}")
        say("stock: never below zero, never more ordered than held" if not problems else "FAIL")
        if outcomes["orders"] == 0:
            # Every checkout refused is a broken checkout, not a busy shop.
            say("FAIL: no order was placed")
            ok = False
        return 0 if ok and not problems else 1
    finally:
        if gunicorn is not None:
            gunicorn.kill()
            gunicorn.wait()
        if os.environ.get("LOAD_KEEP_DB") != "1":
            database_drop()


if __name__ == "__main__":
    sys.exit(main())
