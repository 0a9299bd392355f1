"""loadtest/lighthouse.py: the nginx-like gzip in front of Django, and how reports are read.

The measurement itself needs Node and Lighthouse (`make lighthouse`); these tests pin the
parts that decide what the figures mean.
"""

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "loadtest" / "lighthouse.py"
spec = importlib.util.spec_from_file_location("lighthouse_script", SCRIPT)
lh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lh)

HTML = "<!DOCTYPE html><p>Kẹo dừa Mỏ Cày</p>".encode() * 20


def call(app, accept="gzip, deflate"):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    body = b"".join(app({"HTTP_ACCEPT_ENCODING": accept}, start_response))
    return seen["status"], seen["headers"], body


def django_like(content_type, body=HTML, headers=()):
    def app(environ, start_response):
        start_response(
            "200 OK",
            [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers],
        )
        return [body]

    return app


def test_html_is_gzipped_like_nginx_with_the_right_length_and_vary():
    app = lh.gzip_html(django_like("text/html; charset=utf-8", headers=[("Vary", "Cookie")]))
    status, headers, body = call(app)
    assert status == "200 OK"
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(body) < len(HTML)
    assert headers["Vary"] == "Cookie, Accept-Encoding"
    assert gzip.decompress(body) == HTML


@pytest.mark.parametrize(
    ("content_type", "accept"),
    [("text/html; charset=utf-8", ""), ("application/json", "gzip"), ("image/webp", "gzip")],
)
def test_left_alone_without_gzip_or_when_not_html(content_type, accept):
    app = lh.gzip_html(django_like(content_type))
    _, headers, body = call(app, accept)
    assert "Content-Encoding" not in headers
    assert body == HTML


def lhr(performance=0.95, lazy_lcp=True):
    return {
        "lighthouseVersion": "12.8.2",
        "environment": {"benchmarkIndex": 1200},
        "categories": {
            "performance": {
                "score": performance,
                "auditRefs": [
                    {"id": "largest-contentful-paint", "group": "metrics"},
                    {"id": "lcp-lazy-loaded"},
                    {"id": "render-blocking-resources"},
                ],
            },
            "accessibility": {"score": 1, "auditRefs": [{"id": "color-contrast"}]},
            "best-practices": {"score": 0.96, "auditRefs": [{"id": "errors-in-console"}]},
        },
        "audits": {
            "first-contentful-paint": {"numericValue": 812.4},
            "largest-contentful-paint": {"score": 0.5, "numericValue": 1400.0},
            "total-blocking-time": {"numericValue": 40.0},
            "cumulative-layout-shift": {"numericValue": 0.0},
            "total-byte-weight": {"numericValue": 19456},
            "network-requests": {"details": {"items": [{}, {}, {}]}},
            "largest-contentful-paint-element": {
                "details": {
                    "items": [
                        {"items": [{"node": {"snippet": '<img class="tile-img" loading="lazy">'}}]},
                        {"items": [{"phase": "TTFB", "timing": 480.2}]},
                    ]
                }
            },
            "lcp-lazy-loaded": {
                "score": 0 if lazy_lcp else 1,
                "scoreDisplayMode": "metricSavings",
                "title": "Largest Contentful Paint image was lazily loaded",
                "metricSavings": {"LCP": 150},
                "details": {"items": [{"node": {"snippet": '<img loading="lazy">'}}]},
            },
            "render-blocking-resources": {
                "score": 0.5,
                "scoreDisplayMode": "metricSavings",
                "title": "Eliminate render-blocking resources",
                "displayValue": "Est savings of 90 ms",
                "details": {
                    "overallSavingsMs": 90,
                    "items": [{"url": f"{lh.BASE}/static/css/site.1.css"}],
                },
            },
            "color-contrast": {"score": 1, "scoreDisplayMode": "binary"},
            "errors-in-console": {
                "score": 0,
                "scoreDisplayMode": "binary",
                "title": "Browser errors were logged to the console",
                "details": {"items": [{"url": f"{lh.BASE}/favicon.ico"}]},
            },
        },
    }


def test_figures_are_read_from_the_report():
    row = lh.figures(lhr())
    assert row["performance"] == 95
    assert row["accessibility"] == 100
    assert row["best_practices"] == 96
    assert row["lcp_ms"] == 1400.0
    assert row["transfer_bytes"] == 19456
    assert row["requests"] == 3
    assert row["benchmark_index"] == 1200


def test_findings_name_the_lcp_element_and_what_failed_but_not_the_metrics():
    found = lh.findings(lhr())
    assert found[0] == 'LCP element: <img class="tile-img" loading="lazy">'
    assert found[1] == "LCP phases: TTFB 480 ms"
    assert (
        "performance: Largest Contentful Paint image was lazily loaded (saves ~150 ms)"
        ' [<img loading="lazy">]' in found
    )
    assert (
        "performance: Eliminate render-blocking resources: Est savings of 90 ms (saves ~90 ms)"
        " [/static/css/site.1.css]" in found
    )
    assert "best-practices: Browser errors were logged to the console [/favicon.ico]" in found
    assert not any("Largest Contentful Paint:" in line for line in found)
    assert not any("lazily" in line for line in lh.findings(lhr(lazy_lcp=False)))


def test_with_several_runs_the_median_score_is_kept():
    runs = [lhr(0.70), lhr(0.99), lhr(0.90)]
    assert lh.score(lh.kept_run(runs), "performance") == 90


def test_table_row():
    row = {"page": "home", "profile": "3g", **lh.figures(lhr())}
    assert lh.table([row]).splitlines()[2] == (
        "| home | 3g | 95 | 0.8 s | 1.4 s | 40 ms | 0.000 | 19 KB | 100 | 96 |"
    )


FAKE_LIGHTHOUSE = """#!/bin/sh
# Fails while the count file has fewer than FAILS lines, then writes REPORT.
echo x >> "{count}"
[ "$(wc -l < "{count}")" -le {fails} ] && exit 1
for arg; do case "$arg" in --output-path=*) cp "{report}" "${{arg#--output-path=}}";; esac; done
"""


def fake_lighthouse(tmp_path, fails):
    report = tmp_path / "lhr.json"
    report.write_text(json.dumps(lhr()), encoding="utf-8")
    binary = tmp_path / "lighthouse"
    binary.write_text(FAKE_LIGHTHOUSE.format(count=tmp_path / "count", fails=fails, report=report))
    binary.chmod(0o755)
    return str(binary)


def test_a_failed_run_is_tried_again(tmp_path):
    out = tmp_path / "home-slow4g-0.json"
    got = lh.lighthouse(fake_lighthouse(tmp_path, fails=2), f"{lh.BASE}/", "slow4g", out)
    assert lh.score(got, "performance") == 95
    assert (tmp_path / "count").read_text().count("x") == 3


def test_after_every_attempt_failed_the_row_says_failed(tmp_path):
    out = tmp_path / "home-3g-0.json"
    binary = fake_lighthouse(tmp_path, fails=lh.ATTEMPTS)
    assert lh.lighthouse(binary, f"{lh.BASE}/", "3g", out) is None
    assert not out.exists()
    rows, _ = lh.summarise({("home", "3g"): []})
    assert lh.table(rows).splitlines()[2] == "| home | 3g | failed | | | | | | | |"


def test_the_table_again_from_saved_reports(tmp_path, capsys):
    for n, performance in enumerate([0.7, 0.9, 0.8]):
        report = tmp_path / f"catalog-3g-{n}.json"
        report.write_text(json.dumps(lhr(performance)), encoding="utf-8")
    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")
    assert lh.from_reports([str(tmp_path)]) == 0
    assert "| catalog | 3g | 80 |" in capsys.readouterr().out
