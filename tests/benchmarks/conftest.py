"""The default `make bench` stays under five minutes; BENCH_FULL=1 adds the load-scale cases.

A case marked `bench_full` is skipped by default with its reason ("set BENCH_FULL=1
for ..."), listed by `-rs` and counted at the end, so a skipped case is never taken
for a passed one.
"""

import os

import pytest

FULL = os.environ.get("BENCH_FULL") == "1"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bench_full(what): a load-scale benchmark, run only with BENCH_FULL=1"
    )


def pytest_collection_modifyitems(config, items):
    if FULL:
        return
    for item in items:
        marker = item.get_closest_marker("bench_full")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=f"set BENCH_FULL=1 for {marker.args[0]}"))


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "BENCH_FULL" in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"BENCH-SKIPPED | {len(skipped)} load-scale cases: set BENCH_FULL=1 to run them"
        )
