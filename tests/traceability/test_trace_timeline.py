"""The trace page's timeline: every event's lines in one order, whatever its kind."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from loadtest.photos import phone_upload
from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.services import event_record

pytestmark = pytest.mark.django_db
ORDER = ["tl-place", "tl-detail", "tl-note"]


def test_every_event_lists_place_then_details_then_note(client):
    lot = make_lot()
    commune = lot.seller.commune
    steps = [
        (EventKind.PLANTING, {}),
        (EventKind.INPUT, {"input_product": "NPK 20-20-15", "dose": "1 kg/gốc", "phi_days": 7}),
        (EventKind.HARVEST, {"quantity": Decimal("200")}),
        (EventKind.INSPECTION, {"certificate_name": "VietGAP"}),
    ]
    for n, (kind, fields) in enumerate(steps):
        event_record(
            lot=lot,
            actor=lot.created_by,
            kind=kind,
            occurred_at=days_ago(40 - n * 10),
            commune=commune,
            notes=f"Ghi chú {n}",
            **fields,
        )
    html = client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    events = re.findall(r'<li class="tl-[^"]*">(.*?)</li>', html, re.S)
    assert len(events) == 4
    for event in events:
        lines = re.findall(r'class="(?:muted )?(tl-place|tl-detail|tl-note)"', event)
        assert lines[0] == "tl-place" and lines[-1] == "tl-note", lines
        assert lines == sorted(lines, key=ORDER.index), lines
    # Details only where the event has some (planting has none).
    assert [e.count("tl-detail") for e in events] == [0, 1, 1, 1]


def test_a_certificate_photo_is_a_link_not_an_image_fetched_with_the_page(client):
    lot = make_lot()
    event_record(
        lot=lot,
        actor=lot.created_by,
        kind=EventKind.INSPECTION,
        occurred_at=days_ago(1),
        certificate_name="VietGAP",
        document=phone_upload(1, size=(1600, 1200)),
    )
    html = client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    document = lot.events.get().document
    assert f'<a href="{document.url}">Ảnh giấy chứng nhận</a>' in html
    assert "<img" not in html
