"""A harvest inside an input's pre-harvest interval is flagged to the officer of the area
and shown on the public trace page."""

import pytest

from tests.accounts.factories import OfficerFactory
from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.selectors import phi_flags_in_communes
from traceability.services import event_record

pytestmark = pytest.mark.django_db


def record(lot, kind, when, **fields):
    return event_record(lot=lot, actor=lot.created_by, kind=kind, occurred_at=when, **fields)


@pytest.fixture
def early_lot():
    lot = make_lot()
    record(lot, EventKind.INPUT, days_ago(5), input_product="Regent 800WG", phi_days=7)
    record(lot, EventKind.HARVEST, days_ago(1))
    return lot


def test_officer_of_the_area_sees_the_early_harvest(client, early_lot):
    safe = make_lot()
    record(safe, EventKind.INPUT, days_ago(20), input_product="NPK 16-16-8", phi_days=7)
    record(safe, EventKind.HARVEST, days_ago(2))
    officer = OfficerFactory(communes=[early_lot.seller.commune, safe.seller.commune])
    client.force_login(officer)
    page = client.get("/can-bo/thu-hoach-som/").content.decode()
    assert "Regent 800WG" in page and f"/t/{early_lot.code}/" in page
    assert f"/t/{safe.code}/" not in page


def test_officer_of_another_area_sees_nothing(client, early_lot):
    client.force_login(OfficerFactory(communes=[]))
    page = client.get("/can-bo/thu-hoach-som/").content.decode()
    assert "Regent 800WG" not in page and "Không có" in page


def test_flags_read_a_fixed_number_of_queries(early_lot, django_assert_num_queries):
    for _ in range(3):
        lot = make_lot(product=early_lot.product)
        record(lot, EventKind.INPUT, days_ago(3), input_product="Ridomil", phi_days=10)
        record(lot, EventKind.HARVEST, days_ago(1))
    communes = [early_lot.seller.commune]
    with django_assert_num_queries(3):
        flags = phi_flags_in_communes(communes=communes)
    assert len(flags) == 4


def test_trace_page_shows_the_early_harvest_without_script_and_stays_light(client, early_lot):
    response = client.get(f"/t/{early_lot.code}/")
    body = response.content.decode()
    assert "Thu hoạch trong thời gian cách ly sau khi bón phân" in body
    assert "Regent 800WG" in body and "Cán bộ khuyến nông" in body
    assert "<script" not in body
    assert len(response.content) < 30_000
