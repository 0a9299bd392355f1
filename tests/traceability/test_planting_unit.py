"""A planting is counted in trees, seedlings or ground, not in the lot's unit (kg)."""

from decimal import Decimal

import pytest

from tests.traceability.factories import days_ago, make_lot
from tests.traceability.test_epcis import VALIDATOR
from traceability.epcis import PREFIX, epcis_document
from traceability.models import EventKind, PlantingUnit
from traceability.selectors import lot_history
from traceability.services import event_record

pytestmark = pytest.mark.django_db


def _plant(lot, **fields):
    event, _warnings = event_record(
        lot=lot, actor=lot.created_by, kind=EventKind.PLANTING, occurred_at=days_ago(90), **fields
    )
    return event


def test_planting_keeps_its_own_unit_and_the_trace_page_shows_it(client):
    lot = make_lot(unit="kg")
    _plant(lot, quantity=Decimal(250), quantity_unit=PlantingUnit.TREE)
    page = client.get(f"/t/{lot.code}/").text
    assert "250 cây" in page
    assert "250 kg" not in page


def test_other_steps_ignore_a_planting_unit_and_count_in_the_lots_unit():
    lot = make_lot(unit="kg")
    event, _warnings = event_record(
        lot=lot,
        actor=lot.created_by,
        kind=EventKind.HARVEST,
        occurred_at=days_ago(5),
        quantity=Decimal(80),
        quantity_unit=PlantingUnit.HECTARE,
    )
    assert event.quantity_unit == ""


def test_epcis_puts_the_planted_quantity_beside_the_lots_quantity():
    lot = make_lot(unit="kg", quantity=Decimal(120))
    _plant(lot, quantity=Decimal("1.5"), quantity_unit=PlantingUnit.HECTARE)
    document = epcis_document(lot, lot_history(lot=lot))
    planting = document["epcisBody"]["eventList"][0]
    assert planting[f"{PREFIX}:plantedQuantity"] == {"value": 1.5, "unit": "ha"}
    assert planting["quantityList"][0]["quantity"] == 120.0
    assert not list(VALIDATOR.iter_errors(document))


def test_the_planting_form_asks_what_it_is_counted_in(client):
    lot = make_lot(unit="kg")
    client.force_login(lot.created_by)
    url = f"/cua-hang-cua-toi/{lot.seller.slug}/lo-hang/{lot.pk}/ghi/planting/"
    form = client.get(url)
    assert form.status_code == 200, url
    assert "Tính theo" in form.text and "cây giống" in form.text
    client.post(
        url,
        {
            "occurred_at": days_ago(30).strftime("%Y-%m-%dT%H:%M"),
            "commune": lot.seller.commune.pk,
            "quantity": "300",
            "quantity_unit": "seedling",
        },
    )
    assert lot.events.get(kind=EventKind.PLANTING).quantity_unit == "seedling"
    assert (
        "300 cây giống" in client.get(f"/cua-hang-cua-toi/{lot.seller.slug}/lo-hang/{lot.pk}/").text
    )
