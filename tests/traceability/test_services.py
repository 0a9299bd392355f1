import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.sellers.models import AssistedAct
from tests.accounts.factories import OfficerFactory
from tests.traceability.factories import days_ago, make_lot, make_product
from traceability.errors import AppendOnlyError, TraceError
from traceability.models import EventKind, Lot, TraceEvent
from traceability.selectors import lot_is_recalled
from traceability.services import event_record, lot_create, lot_recall, lot_split

pytestmark = pytest.mark.django_db


def _record(lot, kind, when, **fields):
    return event_record(lot=lot, actor=lot.created_by, kind=kind, occurred_at=when, **fields)


def test_lot_gets_an_unguessable_code_and_canonical_gtin():
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    assert len(lot.code) == 10 and lot.code.isalnum()
    assert not set(lot.code) & set("01OIL5S2Z8B")
    assert lot.gtin == "08931234567897"
    assert make_lot().code != lot.code


def test_lot_with_a_wrong_check_digit_is_refused():
    product = make_product()
    with pytest.raises(ValidationError):
        lot_create(
            product=product,
            actor=product.seller.household.user,
            quantity=Decimal(1),
            unit="kg",
            gtin="8931234567890",
        )
    assert not Lot.objects.exists()


def test_lot_number_defaults_to_the_code():
    lot = make_lot()
    assert lot.lot_number == lot.code


def test_events_are_append_only():
    lot = make_lot()
    event, _ = _record(lot, EventKind.PLANTING, days_ago(60))
    event.notes = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        TraceEvent.objects.filter(pk=event.pk).update(notes="x")
    with pytest.raises(AppendOnlyError):
        TraceEvent.objects.all().delete()
    assert TraceEvent.objects.get(pk=event.pk).notes == ""


def test_a_correction_is_a_new_event_that_points_at_the_old_one():
    lot = make_lot()
    wrong, _ = _record(lot, EventKind.PLANTING, days_ago(60), notes="sai ngày")
    fixed, _ = _record(lot, EventKind.PLANTING, days_ago(61), corrects=wrong)
    assert fixed.corrects == wrong
    assert TraceEvent.objects.filter(lot=lot).count() == 2


def test_correction_of_another_lots_event_is_refused():
    lot, other = make_lot(), make_lot()
    theirs, _ = _record(other, EventKind.PLANTING, days_ago(5))
    with pytest.raises(TraceError):
        _record(lot, EventKind.PLANTING, days_ago(5), corrects=theirs)


def test_input_application_needs_product_and_interval():
    lot = make_lot()
    with pytest.raises(TraceError):
        _record(lot, EventKind.INPUT, days_ago(5), input_product="NPK")


def test_harvest_inside_pre_harvest_interval_warns():
    lot = make_lot()
    _record(
        lot,
        EventKind.INPUT,
        days_ago(5),
        input_product="Regent 800WG",
        dose="25 g/bình",
        phi_days=7,
    )
    event, warnings = _record(lot, EventKind.HARVEST, days_ago(1))
    assert len(warnings) == 1
    assert "Regent 800WG" in warnings[0]
    assert event.pk  # a warning, not a refusal: the record stays true


def test_harvest_after_the_interval_does_not_warn():
    lot = make_lot()
    _record(lot, EventKind.INPUT, days_ago(10), input_product="NPK 16-16-8", phi_days=7)
    _, warnings = _record(lot, EventKind.HARVEST, days_ago(2))
    assert warnings == []


def test_harvest_sets_the_lot_harvest_date():
    lot = make_lot()
    when = days_ago(2)
    _record(lot, EventKind.HARVEST, when)
    lot.refresh_from_db()
    assert lot.harvest_date == when.date()


def test_events_in_the_future_are_refused():
    lot = make_lot()
    with pytest.raises(TraceError):
        _record(lot, EventKind.HARVEST, days_ago(-3))


def test_recall_by_officer_of_the_area_is_recorded_and_exposed():
    lot = make_lot()
    officer = OfficerFactory(communes=[lot.seller.commune])
    child = lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(10)], unit="kg")[0]
    lot_recall(lot=lot, actor=officer, reason="Dư lượng thuốc vượt mức")
    lot.refresh_from_db()
    assert lot.is_recalled and lot.recalled_by == officer
    assert lot_is_recalled(lot_id=lot.pk) and lot_is_recalled(lot_id=child.pk)
    assert AssistedAct.objects.filter(actor=officer, action="lot_recall").exists()
    with pytest.raises(TraceError):
        lot_recall(lot=lot, actor=officer, reason="again")


def test_recall_needs_a_reason():
    lot = make_lot()
    with pytest.raises(TraceError):
        lot_recall(lot=lot, actor=lot.created_by, reason="  ")
    assert not lot_is_recalled(lot_id=lot.pk)


def test_split_makes_packed_lots_and_one_split_event():
    lot = make_lot(best_before=dt.date.today() + dt.timedelta(days=20))
    children = lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(50), Decimal(50)], unit="kg")
    assert [c.parent_id for c in children] == [lot.pk, lot.pk]
    event = TraceEvent.objects.get(lot=lot, kind=EventKind.SPLIT)
    assert set(event.output_lots.all()) == set(children)
    assert children[0].best_before == lot.best_before


def test_split_larger_than_the_lot_is_refused():
    lot = make_lot(quantity=Decimal(10))
    with pytest.raises(TraceError):
        lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(8), Decimal(8)], unit="kg")
    assert not Lot.objects.filter(parent=lot).exists()


def test_successive_splits_cannot_pack_more_than_the_lot():
    lot = make_lot(quantity=Decimal(10))
    lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(6)], unit="kg")
    with pytest.raises(TraceError):
        lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(5)], unit="kg")
    lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(4)], unit="kg")
