"""Timings of the traceability pages a cheap phone and a printer ask for (run: make bench)."""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.services import event_record

pytestmark = pytest.mark.django_db


def _timed(client, url, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], response


def test_a_sheet_of_100_labels_renders_within_a_second(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    client.force_login(lot.created_by)
    url = reverse("traceability:labels", args=[lot.pk]) + "?count=100"
    median, p95, response = _timed(client, url, 20)
    print(
        f"\n100 labels: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{len(response.content) / 1024:.1f} KB"
    )
    assert response.content.count(b'class="label"') == 100
    assert p95 < 1.0


def test_trace_page_timing_queries_and_size(client):
    lot = make_lot()
    for i in range(20):
        fields = {"input_product": "NPK", "phi_days": 7} if i % 3 == 1 else {}
        kind = EventKind.INPUT if i % 3 == 1 else EventKind.PLANTING
        event_record(
            lot=lot, actor=lot.created_by, kind=kind, occurred_at=days_ago(100 - i), **fields
        )
    url = reverse("traceability:trace", args=[lot.code])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    query_count = len(queries)  # read now: later requests clear the connection's query log
    median, p95, response = _timed(client, url, 50)
    epcis_median, epcis_p95, _ = _timed(
        client, reverse("traceability:trace_epcis", args=[lot.code]), 50
    )
    print(
        f"\ntrace page, 20 events: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{query_count} queries, {len(response.content) / 1024:.1f} KB"
        f"\nEPCIS document, 20 events: median {epcis_median * 1000:.1f} ms, "
        f"p95 {epcis_p95 * 1000:.1f} ms"
    )
    assert query_count == 3
    assert len(response.content) <= 30 * 1024
