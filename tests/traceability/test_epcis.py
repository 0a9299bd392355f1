import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker

from tests.catalog.factories import jpeg_upload
from tests.traceability.factories import days_ago, make_lot
from traceability.epcis import VOCABULARY, epcis_document
from traceability.models import EventKind
from traceability.selectors import lot_history
from traceability.services import event_record, lot_split

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "traceability/schema/epcis-json-schema.json").read_text()
)
VALIDATOR = Draft7Validator(SCHEMA, format_checker=FormatChecker())

pytestmark = pytest.mark.django_db


def test_the_uri_format_check_is_really_on():
    """Without rfc3986-validator jsonschema skips "format": "uri" and every check below would
    be vacuous."""
    assert "uri" in FormatChecker().checkers
    bad = {
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-01T00:00:00+07:00",
        "epcisBody": {
            "eventList": [
                {
                    "type": "ObjectEvent",
                    "eventTime": "2026-01-01T00:00:00+07:00",
                    "eventTimeZoneOffset": "+07:00",
                    "action": "OBSERVE",
                    "bizStep": "not a uri at all",
                    "quantityList": [{"epcClass": "lô hàng số 1"}],
                }
            ]
        },
    }
    assert list(VALIDATOR.iter_errors(bad))


def _full_history():
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    actor = lot.created_by
    document = jpeg_upload("vietgap.jpg")
    steps = [
        (EventKind.PLANTING, 90, {}),
        (
            EventKind.INPUT,
            30,
            {"input_product": "NPK 16-16-8", "dose": "2 kg/1000 m²", "phi_days": 7},
        ),
        (EventKind.HARVEST, 10, {"quantity": Decimal("120.5")}),
        (EventKind.PROCESSING, 9, {"notes": "Rửa, phân loại"}),
        (EventKind.PACKING, 8, {"quantity": Decimal(100)}),
        (EventKind.INSPECTION, 7, {"certificate_name": "VietGAP", "document": document}),
        (EventKind.SHIPPING, 6, {}),
        (EventKind.RECEIVING, 5, {}),
    ]
    events = {}
    for kind, days, fields in steps:
        events[kind], _ = event_record(
            lot=lot, actor=actor, kind=kind, occurred_at=days_ago(days), **fields
        )
    event_record(
        lot=lot,
        actor=actor,
        kind=EventKind.PLANTING,
        occurred_at=days_ago(91),
        corrects=events[EventKind.PLANTING],
    )
    children = lot_split(lot=lot, actor=actor, parts=[Decimal(50), Decimal(50)], unit="kg")
    return lot, children


def test_document_of_every_event_type_is_valid_against_the_official_schema():
    lot, children = _full_history()
    for subject in (lot, children[0]):
        subject.refresh_from_db()
        document = epcis_document(subject, lot_history(lot=subject))
        errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
        assert errors == []
        types = {e["type"] for e in document["epcisBody"]["eventList"]}
        assert types == {"ObjectEvent", "TransformationEvent"}
    steps = [e["bizStep"] for e in document["epcisBody"]["eventList"]]
    assert {"commissioning", "inspecting", "packing", "shipping", "receiving"} <= set(steps)
    assert f"{VOCABULARY}planting" in steps and f"{VOCABULARY}inputApplication" in steps


def test_document_follows_the_epcis_traps():
    lot, _ = _full_history()
    document = epcis_document(lot, lot_history(lot=lot))
    assert document["schemaVersion"] == "2.0"
    assert not VOCABULARY.startswith(("https://ns.gs1.org/cbv", "urn:epcglobal:cbv"))
    for event in document["epcisBody"]["eventList"]:
        assert event["eventTimeZoneOffset"] == "+07:00"
        assert event["eventTime"].endswith("+07:00")
        for key in ("quantityList", "inputQuantityList", "outputQuantityList"):
            for element in event.get(key, []):
                assert set(element) == {"epcClass", "quantity", "uom"}
                assert element["uom"] == "KGM"
    harvest = next(e for e in document["epcisBody"]["eventList"] if e["bizStep"] == "commissioning")
    assert harvest["action"] == "ADD"
    assert harvest["ilmd"]["cbvmda:lotNumber"] == "LOT07/A"
    assert "cbvmda:harvestStartDate" in harvest["ilmd"]
    assert (
        harvest["quantityList"][0]["epcClass"]
        == "https://id.gs1.org/01/08931234567897/10/LOT07%2FA"
    )
    split = next(
        e for e in document["epcisBody"]["eventList"] if e["type"] == "TransformationEvent"
    )
    assert len(split["outputQuantityList"]) == 2
