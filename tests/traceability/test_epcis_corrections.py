"""EPCIS export of corrections (error declarations, EPCIS 2.0 7.4.1) and recalls."""

import importlib
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.traceability.factories import days_ago, make_lot
from tests.traceability.test_epcis import VALIDATOR
from traceability.epcis import epcis_document
from traceability.models import EventKind, TraceEvent
from traceability.selectors import lot_history
from traceability.services import event_record, lot_recall, lot_split

pytestmark = pytest.mark.django_db


def _export(lot):
    lot.refresh_from_db()
    document = epcis_document(lot, lot_history(lot=lot))
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []
    return document["epcisBody"]["eventList"]


def _record(lot, kind, days, **fields):
    event, _ = event_record(
        lot=lot, actor=lot.created_by, kind=kind, occurred_at=days_ago(days), **fields
    )
    return event


def test_a_corrected_harvest_is_reissued_with_an_error_declaration_not_as_a_second_add():
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    wrong = _record(lot, EventKind.HARVEST, 10, quantity=Decimal(120))
    right = _record(lot, EventKind.HARVEST, 9, quantity=Decimal(100), corrects=wrong)
    events = _export(lot)
    ids = [e["eventID"] for e in events]
    assert len(ids) == len(set(ids)) == 2
    original = next(e for e in events if e["eventID"] == f"urn:uuid:{wrong.event_id}")
    corrective = next(e for e in events if e["eventID"] == f"urn:uuid:{right.event_id}")
    assert original["errorDeclaration"] == {
        "declarationTime": timezone.localtime(right.recorded_at).isoformat(timespec="seconds"),
        "reason": "incorrect_data",
        "correctiveEventIDs": [corrective["eventID"]],
    }
    assert original["action"] == "ADD" and original["quantityList"][0]["quantity"] == 120
    assert "errorDeclaration" not in corrective
    assert corrective["chs:corrects"] == original["eventID"]


def test_every_correction_of_an_event_is_named_and_a_correction_can_be_corrected():
    lot = make_lot()
    wrong = _record(lot, EventKind.PLANTING, 30)
    first = _record(lot, EventKind.PLANTING, 29, corrects=wrong)
    second = _record(lot, EventKind.PLANTING, 28, corrects=wrong)
    third = _record(lot, EventKind.PLANTING, 27, corrects=first)
    by_id = {e["eventID"]: e for e in _export(lot)}
    assert by_id[f"urn:uuid:{wrong.event_id}"]["errorDeclaration"]["correctiveEventIDs"] == [
        f"urn:uuid:{first.event_id}",
        f"urn:uuid:{second.event_id}",
    ]
    assert by_id[f"urn:uuid:{first.event_id}"]["errorDeclaration"]["correctiveEventIDs"] == [
        f"urn:uuid:{third.event_id}"
    ]
    assert "errorDeclaration" not in by_id[f"urn:uuid:{second.event_id}"]


def test_a_packed_lot_correcting_its_parents_event_is_declared_in_both_documents():
    lot = make_lot()
    wrong = _record(lot, EventKind.INSPECTION, 10, certificate_name="VietGAP")
    [pack] = lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(10)], unit="kg")
    fix = _record(pack, EventKind.INSPECTION, 9, certificate_name="VietGAP 2", corrects=wrong)
    for subject in (lot, pack):
        original = next(e for e in _export(subject) if e["eventID"] == f"urn:uuid:{wrong.event_id}")
        assert original["errorDeclaration"]["correctiveEventIDs"] == [f"urn:uuid:{fix.event_id}"]


def test_event_ids_are_stored_and_do_not_follow_site_url(settings):
    lot = make_lot()
    event = _record(lot, EventKind.PLANTING, 5)
    first = _export(lot)[0]["eventID"]
    settings.SITE_URL = "http://127.0.0.1:8102"
    assert _export(lot)[0]["eventID"] == first == f"urn:uuid:{event.event_id}"
    assert TraceEvent.objects.filter(event_id=event.event_id).count() == 1


def test_the_migration_keeps_the_event_ids_exports_carried_before_it(settings):
    """Before 0004 eventIDs were uuid5(SITE_URL + "/trace-event/<pk>"), derived at export."""
    lot = make_lot()
    events = [_record(lot, EventKind.PLANTING, 5), _record(lot, EventKind.HARVEST, 4)]
    executor = MigrationExecutor(connection)
    apps = executor.loader.project_state(("traceability", "0006_traceevent_event_id_unique")).apps
    migration = importlib.import_module("traceability.migrations.0005_traceevent_event_id_fill")
    migration.fill(apps, None)
    for event in events:
        expected = uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/trace-event/{event.pk}")
        assert TraceEvent.objects.get(pk=event.pk).event_id == expected


def test_a_recall_is_exported_as_an_event_with_the_recalled_disposition():
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    _record(lot, EventKind.HARVEST, 10, quantity=Decimal(120))
    lot_recall(lot=lot, actor=lot.created_by, reason="Nhiễm khuẩn")
    events = _export(lot)
    recall = events[-1]
    assert recall["disposition"] == "recalled"
    assert recall["action"] == "OBSERVE"
    assert recall["chs:recallReason"] == "Nhiễm khuẩn"
    assert recall["quantityList"][0]["epcClass"] == (
        "https://id.gs1.org/01/08931234567897/10/LOT07%2FA"
    )
    assert recall["eventTime"].endswith("+07:00")
    assert _export(lot)[-1]["eventID"] == recall["eventID"]  # stable from one export to the next


def test_a_packed_lot_of_a_recalled_lot_exports_both_recalls():
    lot = make_lot()
    [pack] = lot_split(lot=lot, actor=lot.created_by, parts=[Decimal(10)], unit="kg")
    lot_recall(lot=lot, actor=lot.created_by, reason="Dư lượng thuốc")
    recalls = [e for e in _export(pack) if e.get("disposition") == "recalled"]
    assert len(recalls) == 2 and len({e["eventID"] for e in recalls}) == 2
    assert {e["quantityList"][0]["epcClass"] for e in recalls} == {
        f"https://cho-so.test/t/{lot.code}/",
        f"https://cho-so.test/t/{pack.code}/",
    }


def test_a_lot_that_is_not_recalled_has_no_recall_event():
    lot = make_lot()
    _record(lot, EventKind.HARVEST, 3)
    assert all(e.get("disposition") != "recalled" for e in _export(lot))
