"""Timings of the traceability pages a cheap phone and a printer ask for (run: make bench)."""

import statistics
import time

import pytest
from django.urls import reverse

from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.services import event_record

from .report import bench_line, beside_the_floor, counting_queries

pytestmark = pytest.mark.django_db


def _timed(client, url, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    response.timings = [t * 1000 for t in times]
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], response


def test_a_sheet_of_100_labels_renders_within_a_second(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    client.force_login(lot.created_by)
    url = reverse("portal:labels", args=[lot.seller.slug, lot.pk]) + "?count=100"
    with counting_queries() as queries:
        assert client.get(url).status_code == 200
    query_count = len(queries)  # read now: later requests clear the connection's query log
    median, p95, response = _timed(client, url, 20)
    bench_line(
        f"A4 sheet of 100 QR labels ({len(response.content) / 1024:.1f} KB)",
        response.timings,
        query_count,
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
    with counting_queries() as queries:
        assert client.get(url).status_code == 200
    query_count = len(queries)  # read now: later requests clear the connection's query log
    median, p95, response = _timed(client, url, 50)
    epcis_url = reverse("traceability:trace_epcis", args=[lot.code])
    with counting_queries() as epcis_queries:
        assert client.get(epcis_url).status_code == 200
    epcis_query_count = len(epcis_queries)
    _median, _p95, epcis = _timed(client, epcis_url, 50)
    beside_the_floor(
        client, f"trace page, 20 events ({len(response.content) / 1024:.1f} KB)", url, 50
    )
    bench_line("EPCIS document, 20 events", epcis.timings, epcis_query_count)
    assert query_count == 3
    assert len(response.content) <= 30 * 1024
