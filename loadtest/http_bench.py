"""`make bench-http`: the site's pages against the floor, over HTTP, with wrk.

For SQLite (a file in a temporary folder) and for PostgreSQL + Redis: a fresh database,
`migrate`, `seed_demo`, `loadscale --products BENCH_PRODUCTS` (10,000), `collectstatic`,
then gunicorn (2 workers, marketplace.settings.loadtest with ROOT_URLCONF
"tests.benchmarks.floor", so /floor/ is served beside the site) on a free port of the
loopback, and wrk with 8 connections for HTTP_BENCH_SECONDS (10) on each page in turn,
after a warm-up (the figures are steady state: caches filled). Prints req/s, latency
p50 / p99, the ratio to the floor's req/s (page 7 against the floor's page 7) and the
load average, one `HTTP |` line per page. Exits non-zero when a page answers anything
but 200 (checked before wrk, and wrk's own count of non-2xx/3xx answers and socket
errors).

Environment: BENCH_PRODUCTS (10000), HTTP_BENCH_ORDERS (5000), HTTP_BENCH_SECONDS (10),
HTTP_BENCH_CONNECTIONS (8), HTTP_BENCH_DATABASES ("sqlite,postgres"), LOAD_PG
(postgres://postgres@127.0.0.1:5432), HTTP_BENCH_REDIS_URL (redis://127.0.0.1:6379/5),
WRK (wrk). The goal it reports against: the catalog at half the floor's req/s or more.
"""

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from run import ROOT, free_port, gunicorn_start, gunicorn_stop, manage, say
from run import node_env as run_node_env

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "10000"))
ORDERS = int(os.environ.get("HTTP_BENCH_ORDERS", "5000"))
SECONDS = int(os.environ.get("HTTP_BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("HTTP_BENCH_CONNECTIONS", "8"))
DATABASES = os.environ.get("HTTP_BENCH_DATABASES", "sqlite,postgres").split(",")
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("HTTP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
WRK = os.environ.get("WRK", "wrk")
DBNAME = f"choso_httpbench_{os.getpid()}"
WARM_UP = 20  # requests per page before wrk: templates, connections and caches ready
GOAL = 0.5  # the catalog's req/s against the floor's (issue 18)
PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\b", re.M)
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass
class Result:
    page: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int
    load: float


def node_env(work: Path, database: str) -> dict:
    """The load test's production-like environment, the floor's URLconf, this database."""
    env = run_node_env(work)
    env.update(ROOT_URLCONF="tests.benchmarks.floor")
    if database == "postgres":
        env.update(DATABASE_URL=f"{PG}/{DBNAME}", REDIS_URL=REDIS_URL)
    else:
        env.update(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}")
        env.pop("REDIS_URL", None)  # each worker its own memory cache, as `make run`
    return env


def prepare(env: dict, database: str) -> dict:
    """The database filled, static files collected; returns the paths to measure."""
    if database == "postgres":
        import psycopg
        import redis

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DBNAME}"')
        redis.Redis.from_url(REDIS_URL).flushdb()
    started = time.perf_counter()
    for args in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo"],
        ["loadscale", "--products", str(PRODUCTS), "--orders", str(ORDERS)],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        manage(env, *args, quiet=True)
    say(f"{database}: prepared in {time.perf_counter() - started:.0f} s")
    found = subprocess.run(
        [sys.executable, __file__, "--paths"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(found.stdout)


def paths() -> dict:
    """Run inside the prepared site's environment: the pages to measure."""
    import django

    django.setup()
    from django.db.models import Count

    from catalog.models import Category, Product, ProductStatus
    from cms.models import StorefrontPage
    from traceability.models import Lot

    live = Product.objects.filter(status=ProductStatus.LIVE)
    top = (
        Category.objects.filter(parent=None)
        .annotate(n=Count("children__products"))
        .order_by("-n", "pk")
        .first()
    )
    # A generated product and shop: the load-scale data is what this measures.
    product = live.filter(slug__startswith="tai", ocop_best_stars__gt=0).order_by("pk").first()
    storefront = StorefrontPage.objects.live().filter(seller=product.seller).first()
    lot = Lot.objects.annotate(n=Count("events")).order_by("-n", "pk").first()
    return {
        "floor": "/floor/",
        "catalog": "/san-pham/",
        "floor page 7": "/floor/?page=7",
        "catalog page 7": "/san-pham/?page=7",
        "category": f"/san-pham/?category={top.slug}",
        "product": product.get_absolute_url(),
        "storefront": storefront.url,
        "trace": f"/t/{lot.code}/",
    }


def status_of(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_parse(output: str) -> tuple[float, float, float, int]:
    """req/s, p50 and p99 in ms, and the answers wrk counts as bad, from `wrk --latency`."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {quantile: _ms(value, unit) for quantile, value, unit in PERCENTILE.findall(output)}
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors = SOCKET_ERRORS.search(output)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    return rps, latency["50"], latency["99"], bad


def measure(port: int, page: str, path: str) -> Result:
    for _ in range(WARM_UP):
        status = status_of(port, path)
        if status != 200:
            return Result(page, path, 0.0, 0.0, 0.0, bad=1, load=os.getloadavg()[0])
    run = subprocess.run(
        [WRK, "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--latency"]
        + ["--timeout", "10s", f"http://127.0.0.1:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
    )
    rps, p50, p99, bad = wrk_parse(run.stdout)
    return Result(page, path, rps, p50, p99, bad, load=os.getloadavg()[0])


def _page_of(path: str) -> str:
    return parse_qs(urlsplit(path).query).get("page", ["1"])[0]


def floor_of(results: list[Result], path: str) -> Result:
    """The floor's run of the same page number, as the floor honours `?page` like the
    catalog (OFFSET); the first page's for a path without one."""
    floors = {_page_of(r.path): r for r in results if r.path.startswith("/floor/")}
    return floors.get(_page_of(path), results[0])


def bench(database: str) -> list[Result]:
    work = Path(tempfile.mkdtemp(prefix="choso-httpbench-"))
    env = node_env(work, database)
    gunicorn = None
    try:
        targets = prepare(env, database)
        port = free_port()
        gunicorn = gunicorn_start(env, port)
        say(f"{database}: gunicorn (2 workers) on 127.0.0.1:{port}; wrk -c {CONNECTIONS}")
        results = []
        for page, path in targets.items():
            results.append(measure(port, page, path))
            report(database, floor_of(results, path), results[-1])
        return results
    finally:
        if gunicorn is not None:
            gunicorn_stop(gunicorn)
        if database == "postgres":
            _database_drop()
        shutil.rmtree(work, ignore_errors=True)


def _database_drop() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DBNAME}" WITH (FORCE)')


def report(database: str, floor: Result, result: Result) -> None:
    ratio = result.rps / floor.rps if floor.rps else 0.0
    flag = f" | {result.bad} BAD ANSWERS" if result.bad else ""
    print(
        f"HTTP | {database:<8} | {result.page:<14} | {result.rps:7.1f} req/s"
        f" | p50 {result.p50_ms:6.1f} ms | p99 {result.p99_ms:6.1f} ms"
        f" | {ratio:4.2f}x floor | load {result.load:4.1f} | {result.path}{flag}",
        flush=True,
    )


def main() -> int:
    if shutil.which(WRK) is None:
        say(f"{WRK} is not installed: apt-get install -y wrk")
        return 2
    say(
        f"{PRODUCTS} products, {CONNECTIONS} connections, {SECONDS} s a page,"
        f" on {', '.join(DATABASES)}; {os.cpu_count()} CPUs"
    )
    ok = True
    for database in DATABASES:
        results = bench(database)
        ok = ok and not any(r.bad for r in results)
        floor, catalog = results[0], results[1]
        ratio = catalog.rps / floor.rps if floor.rps else 0.0
        verdict = "meets" if ratio >= GOAL else "misses"
        say(f"{database}: catalog {ratio:.2f}x the floor's req/s, {verdict} the {GOAL}x goal")
    if not ok:
        say("FAIL: a page answered something else than 200")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--paths"]:
        print(json.dumps(paths()))
        sys.exit(0)
    sys.exit(main())
