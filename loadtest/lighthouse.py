"""`make lighthouse`: Lighthouse mobile on the five public pages, two network profiles.

Builds a fresh SQLite database in a temporary folder, migrates, seeds the demo
(`seed_demo`) and collects the static files, then serves the site on 127.0.0.1:8107
with the production settings made for plain HTTP (`marketplace.settings.loadtest`:
DEBUG off, WhiteNoise serving the hashed, pre-compressed static files). In front of
Django, like nginx in deploy/nginx/cho-so.conf, this process serves /media/ from disk
(30 days' cache) and gzips HTML (Debian's nginx.conf has `gzip on`, text/html only;
LIGHTHOUSE_GZIP=0 turns it off).

It finds a product page, a storefront page and a trace page in the demo data, gives them
photos as a phone takes them (LIGHTHOUSE_PHOTOS=phone, the default: 4000 x 3000 JPEGs of
2-4 MB, loadtest/photos.py, uploaded through the sellers' services; `demo` keeps the demo's
few-KB placeholders), asks each page twice (a rendition missing is made on the first
request; both times are printed), then runs Lighthouse
(mobile form factor, simulated throttling) once per page and profile:

- slow4g: Lighthouse's default mobile profile: RTT 150 ms, 1,638.4 kbit/s, CPU x4;
- 3g: RTT 300 ms, 700 kbit/s, CPU x4 (close to Chrome's "Regular 3G": 750 kbit/s).

It prints a table (score, FCP, LCP, TBT, CLS, bytes transferred), what Lighthouse
flags per page (LCP element, opportunities, failed accessibility and best-practice
audits), and writes the full reports and a summary to test-artifacts/lighthouse/.

Lighthouse itself is a Node program, not a dependency of the project: install it once
outside the repository (Node >= 18.20; Lighthouse 13 needs Node 22), e.g.
`npm install --prefix ~/.cache/cho-so-lighthouse lighthouse@12.8.2`, and point
LIGHTHOUSE_BIN at its node_modules/.bin/lighthouse (default: `lighthouse` on PATH, then
that folder). CHROME_PATH picks the browser (default /usr/bin/chromium); no browser is
ever downloaded.

Environment: LIGHTHOUSE_RUNS (1; with more, the run with the median score is kept),
LIGHTHOUSE_PAGES (home,catalog,product,storefront,trace), LIGHTHOUSE_PROFILES
(slow4g,3g), LIGHTHOUSE_PORT (8107), LIGHTHOUSE_PHOTOS (phone; or demo), LIGHTHOUSE_KEEP=1
keeps the temporary folder.
"""

import gzip
import json
import logging
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8107"))
BASE = f"http://127.0.0.1:{PORT}"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "1"))
# "phone": the measured pages' photos replaced by phone photos of 2-4 MB (loadtest/photos.py);
# "demo": seed_demo's own flat photos of a few KB, as the figures before issue 18 were taken.
PHOTOS = os.environ.get("LIGHTHOUSE_PHOTOS", "phone")
OUT = ROOT / "test-artifacts" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
# Simulated throttling: Lighthouse uses rttMs, throughputKbps and cpuSlowdownMultiplier.
PROFILES = {
    "slow4g": {"rttMs": 150, "throughputKbps": 1638.4, "cpuSlowdownMultiplier": 4},
    "3g": {"rttMs": 300, "throughputKbps": 700, "cpuSlowdownMultiplier": 4},
}
CATEGORIES = "performance,accessibility,best-practices"
ATTEMPTS = 3
MEDIA_MAX_AGE = 30 * 24 * 3600  # nginx: `expires 30d` on /media/


def say(message: str) -> None:
    print(f"[lighthouse] {message}", flush=True)


# --- The server (run as `lighthouse.py --serve` in its own process) -------------------


def gzip_html(app):
    """What nginx's `gzip on` does: text/html compressed when the browser accepts gzip."""

    def wrapped(environ, start_response):
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return app(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: captured.setdefault("early", []).append(data)

        result = app(environ, capture)
        try:
            body = b"".join([*captured.get("early", []), *result])
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = captured["headers"]
        names = {name.lower(): value for name, value in headers}
        if (
            names.get("content-type", "").startswith("text/html")
            and "content-encoding" not in names
            and len(body) > 20
        ):
            body = gzip.compress(body, compresslevel=1)  # nginx's gzip_comp_level default
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            vary = names.get("vary")
            headers = [(n, v) for n, v in headers if n.lower() != "vary"]
            headers += [
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(body))),
                ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"),
            ]
        start_response(captured["status"], headers, captured["exc_info"])
        return [body]

    return wrapped


def serve() -> None:
    from django.conf import settings
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    app = get_wsgi_application()  # sets Django up (and its logging)
    logging.getLogger("django.server").setLevel(logging.WARNING)  # no access log
    if os.environ.get("LIGHTHOUSE_GZIP", "1") != "0":
        app = gzip_html(app)
    # Media as nginx serves it: from disk, cached 30 days; new renditions are found as
    # they are made (autorefresh), the way nginx finds them on disk.
    app = WhiteNoise(
        app,
        root=settings.MEDIA_ROOT,
        prefix=settings.MEDIA_URL,
        autorefresh=True,
        max_age=MEDIA_MAX_AGE,
    )
    run("127.0.0.1", PORT, app, threading=True)


# --- Preparing the site -----------------------------------------------------------------


def site_env(work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.loadtest",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=BASE,
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        MEDIA_STORAGE="local",
        AWS_STORAGE_BUCKET_NAME="",
        REDIS_URL="",
        PURGE_URLS="",
        TASKS_BACKEND="immediate",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def measured(env: dict) -> dict:
    """The product, storefront and lot measured, chosen from the demo data (the same
    every time)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.db.models import Count

    from catalog.models import Product, ProductStatus
    from cms.models import StorefrontPage
    from traceability.models import Lot

    found = {
        "product": Product.objects.filter(status=ProductStatus.LIVE)
        .annotate(photos=Count("images"))
        .order_by("-photos", "pk")
        .first(),
        "storefront": StorefrontPage.objects.live()
        .filter(seller__products__status=ProductStatus.LIVE)
        .annotate(products=Count("seller__products"))
        .order_by("-products", "pk")
        .first(),
        "lot": Lot.objects.filter(recalled_at__isnull=True)
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first(),
    }
    missing = [name for name, item in found.items() if item is None]
    if missing:
        raise SystemExit(f"the demo data has no {', '.join(missing)} page")
    return found


def pages(objects: dict) -> dict:
    """Path of each page measured."""
    return {
        "home": "/",
        "catalog": "/san-pham/",
        "product": objects["product"].get_absolute_url(),
        "storefront": objects["storefront"].url,
        "trace": f"/t/{objects['lot'].code}/",
    }


def timed_fetch(url: str) -> float:
    """Seconds to fetch a page, body included."""
    start = time.perf_counter()
    fetch(url)
    return time.perf_counter() - start


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url) == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url} in {seconds} s")


# --- Lighthouse -------------------------------------------------------------------------


def lighthouse_bin() -> str:
    for candidate in (
        os.environ.get("LIGHTHOUSE_BIN"),
        shutil.which("lighthouse"),
        str(Path.home() / ".cache/cho-so-lighthouse/node_modules/.bin/lighthouse"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit(
        "Lighthouse not found. Install it once outside the repository:\n"
        "  npm install --prefix ~/.cache/cho-so-lighthouse lighthouse@12.8.2\n"
        "or set LIGHTHOUSE_BIN to its node_modules/.bin/lighthouse."
    )


def lighthouse(binary: str, url: str, profile: str, report: Path):
    """One Lighthouse run; on a busy machine Chromium sometimes loses the trace
    (NO_NAVSTART, NO_FCP): tried up to ATTEMPTS times, None if every attempt failed."""
    throttling = [f"--throttling.{k}={v}" for k, v in PROFILES[profile].items()]
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for attempt in range(1, ATTEMPTS + 1):
        report.unlink(missing_ok=True)
        done = subprocess.run(
            [
                binary,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={CATEGORIES}",
                "--form-factor=mobile",
                "--throttling-method=simulate",
                *throttling,
                f"--chrome-flags={CHROME_FLAGS}",
                "--max-wait-for-load=60000",
            ],
            env=env,
        )
        if done.returncode == 0 and report.exists():
            lhr = json.loads(report.read_text(encoding="utf-8"))
            if not lhr.get("runtimeError") and score(lhr, "performance") is not None:
                return lhr
        say(f"Lighthouse failed (attempt {attempt}/{ATTEMPTS})")
    report.unlink(missing_ok=True)
    return None


def score(lhr: dict, category: str):
    value = lhr["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def figures(lhr: dict) -> dict:
    audits = lhr["audits"]

    def num(audit_id: str):
        return audits.get(audit_id, {}).get("numericValue")

    return {
        "performance": score(lhr, "performance"),
        "accessibility": score(lhr, "accessibility"),
        "best_practices": score(lhr, "best-practices"),
        "fcp_ms": num("first-contentful-paint"),
        "lcp_ms": num("largest-contentful-paint"),
        "tbt_ms": num("total-blocking-time"),
        "cls": num("cumulative-layout-shift"),
        "speed_index_ms": num("speed-index"),
        "transfer_bytes": num("total-byte-weight"),
        "requests": len((audits.get("network-requests", {}).get("details") or {}).get("items", [])),
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
        "lighthouse": lhr.get("lighthouseVersion"),
        "runtime_error": (lhr.get("runtimeError") or {}).get("message"),
    }


def examples(audit: dict, limit: int = 2) -> str:
    """The first URLs, messages or elements an audit lists, shortened."""
    found = []
    for item in (audit.get("details") or {}).get("items", []):
        if not isinstance(item, dict) or item.get("type"):  # nested tables and trees
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        where = item.get("sourceLocation") if isinstance(item.get("sourceLocation"), dict) else {}
        text = item.get("url") or where.get("url") or item.get("description") or node.get("snippet")
        if isinstance(text, str) and text and text not in found:
            found.append(text.replace(BASE, "")[:100])
        if len(found) == limit:
            break
    return f" [{'; '.join(found)}]" if found else ""


def findings(lhr: dict) -> list[str]:
    """What Lighthouse flags: the LCP element, opportunities, failed audits."""
    audits = lhr["audits"]
    out = []
    element = audits.get("largest-contentful-paint-element", {}).get("details") or {}
    for table in element.get("items", []):
        for item in table.get("items", []):
            node = item.get("node")
            if node:
                out.append(f"LCP element: {node.get('snippet', '')[:120]}")
                break
        else:
            continue
        break
    for table in element.get("items", [])[1:2]:
        phases = ", ".join(
            f"{i.get('phase')} {i.get('timing', 0):.0f} ms" for i in table.get("items", [])
        )
        if phases:
            out.append(f"LCP phases: {phases}")
    perf = lhr["categories"]["performance"]["auditRefs"]
    seen = set()
    for ref in perf:
        audit = audits.get(ref["id"], {})
        if audit.get("score") is None or audit.get("score", 1) >= 0.9 or ref["id"] in seen:
            continue
        if audit.get("scoreDisplayMode") in ("informative", "notApplicable", "manual"):
            continue
        if ref.get("group") == "metrics":
            continue
        seen.add(ref["id"])
        details = audit.get("details") or {}
        saving = details.get("overallSavingsMs") or audit.get("metricSavings", {}).get("LCP")
        extra = f" (saves ~{saving:.0f} ms)" if saving else ""
        value = f": {audit['displayValue']}" if audit.get("displayValue") else ""
        out.append(f"performance: {audit.get('title')}{value}{extra}{examples(audit)}")
    for category in ("accessibility", "best-practices"):
        for ref in lhr["categories"].get(category, {}).get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0:
                out.append(f"{category}: {audit.get('title')}{examples(audit)}")
    return out


def kept_run(runs: list[dict]) -> dict:
    """With several runs, the one with the median performance score (Lighthouse's advice)."""
    if len(runs) == 1:
        return runs[0]
    ordered = sorted(runs, key=lambda lhr: score(lhr, "performance") or 0)
    return ordered[len(ordered) // 2]


def fmt_ms(value) -> str:
    return "–" if value is None else f"{value / 1000:.1f} s"


def table(rows: list[dict]) -> str:
    lines = [
        "| page | profile | performance | FCP | LCP | TBT | CLS | transfer | a11y | best pr. |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        cls = "–" if r["cls"] is None else f"{r['cls']:.3f}"
        tbt = "–" if r["tbt_ms"] is None else f"{r['tbt_ms']:.0f} ms"
        kb = "–" if r["transfer_bytes"] is None else f"{r['transfer_bytes'] / 1024:.0f} KB"
        if r["performance"] is None:
            lines.append(f"| {r['page']} | {r['profile']} | failed | | | | | | | |")
            continue
        lines.append(
            f"| {r['page']} | {r['profile']} | {r['performance']} | {fmt_ms(r['fcp_ms'])} "
            f"| {fmt_ms(r['lcp_ms'])} | {tbt} | {cls} | {kb} | {r['accessibility']} "
            f"| {r['best_practices']} |"
        )
    return "\n".join(lines)


def summarise(reports: dict) -> tuple[list[dict], dict]:
    """{(page, profile): [report, ...]} -> table rows and findings (of the kept runs)."""
    rows, notes = [], {}
    for (name, profile), runs in reports.items():
        row = {"page": name, "profile": profile, "runs": len(runs)}
        if not runs:
            rows.append({**row, **dict.fromkeys(figures(lhr_empty()), None)})
            continue
        lhr = kept_run(runs)
        path = lhr.get("requestedUrl", "").replace(BASE, "")
        row.update(path=path, **figures(lhr))
        row["performance_all_runs"] = [score(r, "performance") for r in runs]
        rows.append(row)
        notes[f"{name} [{profile}]"] = findings(lhr)
    return rows, notes


def lhr_empty() -> dict:
    return {"categories": {}, "audits": {}}


def show(rows: list[dict], notes: dict) -> None:
    print()
    print(table(rows))
    print()
    first = rows[0]["profile"] if rows else None
    for key, lines in notes.items():  # the first profile's: the others say the same
        if key.endswith(f"[{first}]"):
            print(f"{key}:")
            for line in lines:
                print(f"  - {line}")
    indexes = [r["benchmark_index"] for r in rows if r.get("benchmark_index")]
    if indexes:
        say(
            f"Lighthouse's CPU benchmark index: median {statistics.median(indexes):.0f} "
            f"(min {min(indexes):.0f}, max {max(indexes):.0f}); {os.cpu_count()} CPUs"
        )


def from_reports(folders: list[str]) -> int:
    """`lighthouse.py --table DIR...`: the table again from saved reports (any runs)."""
    reports = {}
    for folder in folders:
        for report in sorted(Path(folder).glob("*-*-*.json")):
            name, profile, _ = report.stem.rsplit("-", 2)
            lhr = json.loads(report.read_text(encoding="utf-8"))
            if not lhr.get("runtimeError") and score(lhr, "performance") is not None:
                reports.setdefault((name, profile), []).append(lhr)
    order = ["home", "catalog", "product", "storefront", "trace"]
    ranked = sorted(
        reports.items(),
        key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99, kv[0][1] != "slow4g"),
    )
    rows, notes = summarise(dict(ranked))
    show(rows, notes)
    return 0


def main() -> int:
    binary = lighthouse_bin()
    wanted = os.environ.get("LIGHTHOUSE_PAGES", "home,catalog,product,storefront,trace")
    profiles = os.environ.get("LIGHTHOUSE_PROFILES", "slow4g,3g").split(",")
    if PHOTOS not in ("phone", "demo"):
        raise SystemExit(f"LIGHTHOUSE_PHOTOS is phone or demo, not {PHOTOS}")
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        raise SystemExit(f"unknown profile {', '.join(unknown)}: {', '.join(PROFILES)}")
    work = Path(tempfile.mkdtemp(prefix="choso-lighthouse-"))
    env = site_env(work)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = OUT / stamp
    out.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        say(f"fresh SQLite database in {work}: migrate, seed_demo, collectstatic")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        objects = measured(env)
        uploaded = 0
        if PHOTOS == "phone":
            from loadtest.photos import phone_photos_give

            say("phone photos (4000 x 3000, 2-4 MB JPEG) uploaded through the sellers' services")
            start = time.perf_counter()
            uploaded = phone_photos_give(**objects)
            say(f"{uploaded} photos uploaded in {time.perf_counter() - start:.0f} s")
        paths = pages(objects)
        paths = {name: paths[name] for name in wanted.split(",")}
        say(f"serving {BASE} (marketplace.settings.loadtest, DEBUG off)")
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve"], cwd=ROOT, env=env, start_new_session=True
        )
        wait_for(f"{BASE}/healthz")
        first_views = {}
        for name, path in paths.items():  # twice: renditions and caches made before measuring
            first_views[name] = [round(timed_fetch(BASE + path), 3) for _ in range(2)]
        say(
            "first and second view (s): "
            + ", ".join(f"{name} {a:.2f} / {b:.2f}" for name, (a, b) in first_views.items())
        )
        load_before = os.getloadavg()[0]
        reports = {}
        for name, path in paths.items():
            for profile in profiles:
                runs = reports.setdefault((name, profile), [])
                for n in range(RUNS):
                    say(f"{name} {path} [{profile}] run {n + 1}/{RUNS}")
                    lhr = lighthouse(
                        binary, BASE + path, profile, out / f"{name}-{profile}-{n}.json"
                    )
                    if lhr:
                        runs.append(lhr)
        rows, notes = summarise(reports)
        summary = {
            "when": stamp,
            "runs_per_page_and_profile": RUNS,
            "profiles": PROFILES,
            "chrome_flags": CHROME_FLAGS,
            "gzip_html": os.environ.get("LIGHTHOUSE_GZIP", "1") != "0",
            "photos": PHOTOS,
            "photos_uploaded": uploaded,
            "first_and_second_view_s": first_views,
            "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
            "cpus": os.cpu_count(),
            "rows": rows,
            "findings": notes,
        }
        (out / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        show(rows, notes)
        say(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        say(f"reports and summary.json in {out.relative_to(ROOT)}")
        return 0 if all(row["performance"] is not None for row in rows) else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        if os.environ.get("LIGHTHOUSE_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    elif sys.argv[1:2] == ["--table"]:
        sys.exit(from_reports(sys.argv[2:]))
    else:
        sys.exit(main())
