"""Writes for lots and trace events. Events are only ever added, never changed."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.services import product_recall_lift, product_recall_mark
from marketplace.accounts.models import User
from marketplace.core import versions
from marketplace.core.http_cache import path_of, purge_later, purging_on
from marketplace.core.uploads import document_for_storage
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household
from marketplace.sellers.services import assisted_act_record

from .errors import TraceError
from .gs1 import gtin14
from .models import EventKind, Lot, TraceEvent
from .selectors import lot_on_sale, phi_conflicts


def product_sale_sync(*, product_id: int) -> None:
    """Tell the catalog whether the product's lot on sale (its newest lot) is recalled.

    A recalled lot on sale takes the product off sale everywhere with the recall's
    reason; a new, sound lot puts it back. An older lot's recall changes nothing:
    what is sold now does not come from it.
    """
    lot = lot_on_sale(product_id=product_id)
    if lot is not None and lot.is_recalled:
        product_recall_mark(product_id=product_id, reason=lot.recall_reason, trace_code=lot.code)
    else:
        product_recall_lift(product_id=product_id)


def lot_changed(lot: Lot) -> None:
    """What shows the lot is out of date: the trace pages of the lot and of its packed
    lots (which show its events), and its product's page (which links to the newest
    lots). A new "lots" cache version for the site's cache, a purge for the proxies."""
    versions.bump("lots")
    if not purging_on():
        return
    paths = [path_of("catalog:product_detail", lot.product.slug)]
    for code in Lot.objects.filter(Q(pk=lot.pk) | Q(parent_id=lot.pk)).values_list(
        "code", flat=True
    ):
        paths += [path_of("traceability:trace", code), path_of("traceability:trace_epcis", code)]
    purge_later(paths)


@transaction.atomic
def lot_create(
    *,
    product: Product,
    actor: User,
    quantity: Decimal,
    unit: str,
    lot_number: str = "",
    gtin: str = "",
    harvest_date: dt.date | None = None,
    packed_on: dt.date | None = None,
    best_before: dt.date | None = None,
    producer_household: Household | None = None,
) -> Lot:
    """A new lot of one product of the product's seller. A GTIN is stored only if its
    check digit is right, in its 14-digit form; the lot number defaults to the code."""
    lot = Lot(
        product=product,
        seller=product.seller,
        producer_household=producer_household or product.producer or product.seller.household,
        quantity=quantity,
        unit=unit,
        gtin=gtin14(gtin) if gtin else "",
        harvest_date=harvest_date,
        packed_on=packed_on,
        best_before=best_before,
        created_by=actor,
    )
    lot.lot_number = (lot_number or "").strip() or lot.code
    if best_before and harvest_date and best_before < harvest_date:
        raise TraceError(_("Best before cannot be earlier than the harvest date."))
    lot.full_clean()
    lot.save()
    assisted_act_record(actor=actor, seller=lot.seller, action="lot_create", target=str(lot))
    lot_changed(lot)
    product_sale_sync(product_id=lot.product_id)
    return lot


def _check_event(
    *,
    lot: Lot,
    kind: str,
    corrects: TraceEvent | None,
    input_product: str,
    phi_days: int | None,
    occurred_at: dt.datetime,
) -> None:
    if kind == EventKind.INPUT and (not input_product.strip() or phi_days is None):
        raise TraceError(
            _("For a fertiliser or spraying, write the product's name and pre-harvest interval.")
        )
    if occurred_at > timezone.now() + dt.timedelta(hours=1):
        raise TraceError(_("The time of an event cannot be in the future."))
    if corrects is not None and corrects.lot_id not in (lot.pk, lot.parent_id):
        raise TraceError(_("A correction must be about an event of the same lot."))


@transaction.atomic
def event_record(
    *,
    lot: Lot,
    actor: User,
    kind: str,
    occurred_at: dt.datetime,
    commune: Commune | None = None,
    notes: str = "",
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    input_product: str = "",
    dose: str = "",
    phi_days: int | None = None,
    certificate_name: str = "",
    document=None,
    corrects: TraceEvent | None = None,
) -> tuple[TraceEvent, list[str]]:
    """Append one event to a lot; returns it with warnings for the farmer.

    Warns (does not refuse) when a harvest falls inside an input's pre-harvest
    interval: the farmer may be recording a past mistake, and the record must be true.
    """
    if kind == EventKind.SPLIT:
        raise TraceError(_("Use “split into packed lots” to split a lot."))
    _check_event(
        lot=lot,
        kind=kind,
        corrects=corrects,
        input_product=input_product,
        phi_days=phi_days,
        occurred_at=occurred_at,
    )
    event = TraceEvent(
        lot=lot,
        kind=kind,
        occurred_at=occurred_at,
        commune=commune or lot.seller.commune,
        notes=notes.strip(),
        quantity=quantity,
        certificate_name=certificate_name.strip(),
        corrects=corrects,
        recorded_by=actor,
        **_kind_fields(
            kind=kind,
            quantity=quantity,
            quantity_unit=quantity_unit,
            input_product=input_product,
            dose=dose,
            phi_days=phi_days,
        ),
    )
    if document:
        event.document = document_for_storage(document, stem=f"{lot.code}-{kind}")
    event.full_clean()
    event.save()
    if kind == EventKind.HARVEST and lot.harvest_date is None:
        Lot.objects.filter(pk=lot.pk).update(harvest_date=timezone.localdate(occurred_at))
    assisted_act_record(actor=actor, seller=lot.seller, action=f"trace_{kind}", target=str(lot))
    lot_changed(lot)
    return event, _event_warnings(event=event)


def _kind_fields(
    *, kind: str, quantity, quantity_unit: str, input_product: str, dose: str, phi_days
) -> dict:
    """The fields only some kinds of event carry, blank on the others.

    A planting is counted in trees, seedlings or ground; every other step in the lot's unit.
    """
    is_input = kind == EventKind.INPUT
    return {
        "quantity_unit": quantity_unit
        if kind == EventKind.PLANTING and quantity is not None
        else "",
        "input_product": input_product.strip() if is_input else "",
        "dose": dose.strip() if is_input else "",
        "phi_days": phi_days if is_input else None,
    }


def _event_warnings(*, event: TraceEvent) -> list[str]:
    """The pre-harvest interval conflicts `event` is part of, in its lot or the lot's parent."""
    lot = event.lot
    events = list(TraceEvent.objects.filter(lot_id__in=[lot.pk, lot.parent_id]))
    return [
        conflict.message for conflict in phi_conflicts(events=events) if event in conflict.events
    ]


def lot_recall(*, lot: Lot, actor: User, reason: str) -> Lot:
    """Recall a lot and the packed lots split from it; once recalled it stays recalled."""
    reason = reason.strip()
    if not reason:
        raise TraceError(_("Write why the lot is recalled."))
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    if lot.is_recalled:
        raise TraceError(_("This lot is already recalled."))
    now = timezone.now()
    Lot.objects.filter(pk=lot.pk).update(
        recalled_at=now, recalled_by=actor, recall_reason=reason[:300]
    )
    Lot.objects.filter(parent=lot, recalled_at__isnull=True).update(
        recalled_at=now, recalled_by=actor, recall_reason=reason[:300]
    )
    assisted_act_record(actor=actor, seller=lot.seller, action="lot_recall", target=str(lot))
    lot_changed(lot)
    product_sale_sync(product_id=lot.product_id)
    lot.refresh_from_db()
    return lot


@transaction.atomic
def lot_split(
    *,
    lot: Lot,
    actor: User,
    parts: list[Decimal],
    unit: str,
    packed_on: dt.date | None = None,
    best_before: dt.date | None = None,
    gtin: str = "",
) -> list[Lot]:
    """Split a lot into packed lots (an EPCIS TransformationEvent).

    The parts, with the packed lots already made, may not add up to more than the
    lot when they share its unit.
    """
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    _split_check(lot=lot, parts=parts, unit=unit)
    event = TraceEvent(
        lot=lot,
        kind=EventKind.SPLIT,
        occurred_at=timezone.now(),
        commune=lot.seller.commune,
        quantity=sum(parts) if unit == lot.unit else None,
        recorded_by=actor,
    )
    event.save()
    children = []
    for part in parts:
        child = lot_create(
            product=lot.product,
            actor=actor,
            quantity=part,
            unit=unit,
            gtin=gtin or lot.gtin,
            harvest_date=lot.harvest_date,
            packed_on=packed_on or timezone.localdate(),
            best_before=best_before or lot.best_before,
            producer_household=lot.producer_household,
        )
        Lot.objects.filter(pk=child.pk).update(parent=lot, split_event=event)
        child.parent, child.split_event = lot, event
        children.append(child)
    lot_changed(lot)
    return children


def _split_check(*, lot: Lot, parts: list[Decimal], unit: str) -> None:
    if lot.is_recalled:
        raise TraceError(_("A recalled lot cannot be packed."))
    if not parts or any(part <= 0 for part in parts):
        raise TraceError(_("Give the quantity of each packed lot."))
    already = lot.children.filter(unit=lot.unit).aggregate(total=Sum("quantity"))["total"] or 0
    if unit == lot.unit and already + sum(parts) > lot.quantity:
        raise TraceError(_("The packed lots add up to more than the lot."))


def lot_scan_count(*, code: str) -> None:
    """Count one scan of the lot with this public code: an atomic increment, nothing
    about who scanned."""
    Lot.objects.filter(code=code.upper()).update(scan_count=F("scan_count") + 1)
