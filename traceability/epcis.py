"""EPCIS 2.0 JSON-LD documents of a lot's events.

CBV 2.0 business steps where CBV has one (commissioning for the harvest that
creates the lot, inspecting, packing, shipping, receiving); farm steps CBV lacks
(planting, input application, processing) use our own vocabulary, which must
not sit inside the CBV namespace. Checked against the official JSON schema in tests.
"""

import datetime as dt
import uuid
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.utils import timezone

from .gs1 import encode_lot
from .models import EventKind, Lot, TraceEvent

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
VOCABULARY = "https://cho-so.vn/voc/"
PREFIX = "chs"
OFFSET = "+07:00"

# UN/ECE Recommendation 20 codes (X-prefixed ones are Rec 21 package types, valid in Rec 20).
UOM = {
    "kg": "KGM",
    "litre": "LTR",
    "500g": "XBG",
    "bag": "XBG",
    "box": "XBX",
    "bottle": "XBO",
    "piece": "H87",
    "bunch": "H87",
}

# kind -> (bizStep, action, disposition)
STEPS = {
    EventKind.PLANTING: (f"{VOCABULARY}planting", "OBSERVE", None),
    EventKind.INPUT: (f"{VOCABULARY}inputApplication", "OBSERVE", None),
    EventKind.HARVEST: ("commissioning", "ADD", "active"),
    EventKind.PROCESSING: (f"{VOCABULARY}processing", "OBSERVE", None),
    EventKind.PACKING: ("packing", "OBSERVE", None),
    EventKind.INSPECTION: ("inspecting", "OBSERVE", None),
    EventKind.SHIPPING: ("shipping", "OBSERVE", "in_transit"),
    EventKind.RECEIVING: ("receiving", "OBSERVE", "in_progress"),
}


def epc_class(lot: Lot) -> str:
    """The lot as a class-level identifier: GS1 Digital Link when it has a real GTIN."""
    if lot.gtin:
        return f"https://id.gs1.org/01/{lot.gtin}/10/{encode_lot(lot.lot_number)}"
    return f"{settings.SITE_URL}/t/{lot.code}/"


def _quantity(lot: Lot, amount: Decimal | None) -> dict:
    element = {"epcClass": epc_class(lot)}
    value = amount if amount is not None else lot.quantity
    if value is not None:
        element["quantity"] = float(value)
        element["uom"] = UOM.get(lot.unit, "H87")
    return element


# CBV 2.0 short names, which the official schema wants for CBV values (it refuses the
# urn:epcglobal:cbv: forms); GS1's JSON-LD context maps them to their URIs.
ERROR_INCORRECT_DATA = "incorrect_data"
DISPOSITION_RECALLED = "recalled"


def _event_id(event: TraceEvent) -> str:
    return f"urn:uuid:{event.event_id}"


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _common(event: TraceEvent) -> dict:
    data = {
        "eventTime": _time(event.occurred_at),
        "eventTimeZoneOffset": OFFSET,
        "eventID": _event_id(event),
    }
    if event.commune_id:
        data["bizLocation"] = {"id": f"{VOCABULARY}commune/{event.commune.code}"}
    return data


def _extensions(event: TraceEvent) -> dict:
    data = {}
    if event.kind == EventKind.INPUT:
        data[f"{PREFIX}:inputProduct"] = event.input_product
        if event.dose:
            data[f"{PREFIX}:dose"] = event.dose
        data[f"{PREFIX}:preHarvestIntervalDays"] = event.phi_days
    if event.certificate_name:
        data[f"{PREFIX}:certificate"] = event.certificate_name
    if event.notes:
        data[f"{PREFIX}:notes"] = event.notes
    if event.corrects_id:
        data[f"{PREFIX}:corrects"] = _event_id(event.corrects)
    return data


def _object_event(event: TraceEvent, lot: Lot) -> dict:
    biz_step, action, disposition = STEPS[event.kind]
    data = {"type": "ObjectEvent", **_common(event), "action": action, "bizStep": biz_step}
    if event.quantity_unit:
        # Trees or ground planted are not a quantity of the lot's product: no quantityList.
        data["quantityList"] = [_quantity(lot, None)]
        data[f"{PREFIX}:plantedQuantity"] = {
            "value": float(event.quantity),
            "unit": event.quantity_unit,
        }
    else:
        data["quantityList"] = [_quantity(lot, event.quantity)]
    if disposition:
        data["disposition"] = disposition
    if event.kind == EventKind.HARVEST:
        ilmd = {"cbvmda:lotNumber": lot.lot_number}
        ilmd["cbvmda:harvestStartDate"] = timezone.localdate(event.occurred_at).isoformat()
        if lot.best_before:
            ilmd["cbvmda:bestBeforeDate"] = lot.best_before.isoformat()
        data["ilmd"] = ilmd
    if event.kind == EventKind.INSPECTION and event.document:
        data["certificationInfo"] = f"{settings.SITE_URL}{event.document.url}"
    data.update(_extensions(event))
    return data


def _transformation_event(event: TraceEvent, lot: Lot, outputs: list[Lot]) -> dict:
    data = {
        "type": "TransformationEvent",
        **_common(event),
        "bizStep": "packing",
        "inputQuantityList": [_quantity(lot, event.quantity)],
        "outputQuantityList": [_quantity(child, child.quantity) for child in outputs],
    }
    if outputs:
        data["ilmd"] = {"cbvmda:lotNumber": outputs[0].lot_number}
    data.update(_extensions(event))
    return data


def _error_declaration(corrections: list[tuple[uuid.UUID, dt.datetime]]) -> dict:
    """EPCIS 2.0 7.4.1: the corrected event, re-issued, says it was wrong and which events
    take its place; declared when the first correction was recorded."""
    return {
        "declarationTime": _time(min(recorded_at for _, recorded_at in corrections)),
        "reason": ERROR_INCORRECT_DATA,
        "correctiveEventIDs": [f"urn:uuid:{event_id}" for event_id, _ in corrections],
    }


def _corrections_of(events: list[TraceEvent]) -> dict[int, list[tuple[uuid.UUID, dt.datetime]]]:
    """The corrective events of each event, from any lot: a packed lot may correct an event
    of the lot it was split from, and the parent's own document must say so too."""
    corrections: dict[int, list] = {}
    rows = (
        TraceEvent.objects.filter(corrects_id__in=[event.pk for event in events])
        .order_by("recorded_at", "pk")
        .values_list("corrects_id", "event_id", "recorded_at")
    )
    for corrects_id, event_id, recorded_at in rows:
        corrections.setdefault(corrects_id, []).append((event_id, recorded_at))
    return corrections


def _recall_event(lot: Lot) -> dict:
    """A recall is kept on the lot, not as a trace event: its eventID is derived from the
    lot's permanent code, so every export gives the same one."""
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{VOCABULARY}lot/{lot.code}/recall")
    return {
        "type": "ObjectEvent",
        "eventTime": _time(lot.recalled_at),
        "eventTimeZoneOffset": OFFSET,
        "eventID": f"urn:uuid:{event_id}",
        "bizLocation": {"id": f"{VOCABULARY}commune/{lot.seller.commune.code}"},
        "action": "OBSERVE",
        "quantityList": [_quantity(lot, None)],
        "disposition": DISPOSITION_RECALLED,
        f"{PREFIX}:recallReason": lot.recall_reason,
    }


def epcis_document(lot: Lot, events: list[TraceEvent]) -> dict:
    """The EPCISDocument of a lot's history (its own events and its parent's).

    A corrected event is listed once, with its error declaration, next to the events that
    correct it; a recall of the lot or of its parent ends the list.
    """
    lots = {lot.pk: lot}
    if lot.parent_id:
        lots[lot.parent_id] = lot.parent
    split_ids = [e.pk for e in events if e.kind == EventKind.SPLIT]
    outputs: dict[int, list[Lot]] = {}
    if split_ids:
        for child in Lot.objects.filter(split_event_id__in=split_ids).order_by("pk"):
            outputs.setdefault(child.split_event_id, []).append(child)
    corrections = _corrections_of(events)
    event_list = []
    for event in events:
        owner = lots[event.lot_id]
        if event.kind == EventKind.SPLIT:
            data = _transformation_event(event, owner, outputs.get(event.pk, []))
        else:
            data = _object_event(event, owner)
        if event.pk in corrections:
            data["errorDeclaration"] = _error_declaration(corrections[event.pk])
        event_list.append(data)
    recalled = [one for one in lots.values() if one.is_recalled]
    recalled.sort(key=attrgetter("recalled_at"))
    event_list += [_recall_event(one) for one in recalled]
    return {
        "@context": [EPCIS_CONTEXT, {PREFIX: VOCABULARY}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(timezone.now()),
        "epcisBody": {"eventList": event_list},
    }
