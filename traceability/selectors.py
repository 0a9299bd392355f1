"""Reads for lots: the public trace page, the farmer's list, and what other apps ask."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductStatus
from marketplace.sellers.models import Seller

from .gs1 import GS1_CHARSET_82
from .models import CODE_ALPHABET, CODE_LENGTH, EventKind, Lot, TraceEvent

_CODE_CHARS = frozenset(CODE_ALPHABET)

_LOT_RELATED = (
    "product",
    "seller__household__commune__province",
    "seller__cooperative__commune__province",
    "producer_household__commune__province",
    "parent",
)


def lot_for_trace(*, code: str) -> Lot | None:
    """One lot by its public code with everything the trace page shows (1 query).

    A string that cannot be a code is answered without asking the database: some
    bytes (NUL) make PostgreSQL raise instead of finding nothing.
    """
    code = code.upper()
    if len(code) != CODE_LENGTH or not set(code) <= _CODE_CHARS:
        return None
    return Lot.objects.select_related(*_LOT_RELATED).filter(code=code).first()


def lot_for_digital_link(*, gtin: str, lot_number: str) -> Lot | None:
    if not set(lot_number) <= GS1_CHARSET_82:
        return None
    return (
        Lot.objects.select_related(*_LOT_RELATED).filter(gtin=gtin, lot_number=lot_number).first()
    )


def product_for_gtin(*, gtin: str) -> Product | None:
    """The live product whose newest lot carries the GTIN: products keep no GTIN of their
    own, their lots do."""
    lot = (
        Lot.objects.filter(gtin=gtin, product__status=ProductStatus.LIVE)
        .select_related("product")
        .order_by("-created_at", "-pk")
        .first()
    )
    return lot.product if lot else None


def lot_history(*, lot: Lot) -> list[TraceEvent]:
    """The lot's events and those of the lot it was split from, oldest first (1 query)."""
    return list(
        TraceEvent.objects.filter(lot_id__in=[lot.pk, lot.parent_id])
        .select_related("commune__province", "corrects")
        .order_by("occurred_at", "pk")
    )


def lot_certificates(*, events: list[TraceEvent]) -> list[TraceEvent]:
    """The inspections and certificates of `events` (a `lot_history`) that a trace page
    lists: those not corrected by a later entry. No query."""
    corrected = {e.corrects_id for e in events if e.corrects_id}
    return [e for e in events if e.kind == EventKind.INSPECTION and e.pk not in corrected]


def lot_is_recalled(*, lot_id: int) -> bool:
    """For orders: a recalled lot (or one split from a recalled lot) must not be sold."""
    return Lot.objects.filter(
        Q(pk=lot_id) & (Q(recalled_at__isnull=False) | Q(parent__recalled_at__isnull=False))
    ).exists()


def lots_of_sellers(*, sellers: QuerySet[Seller] | list[Seller]) -> QuerySet[Lot]:
    return Lot.objects.filter(seller__in=sellers).select_related("product", "seller", "parent")


def lot_for_seller_page(*, pk: int) -> Lot | None:
    return (
        Lot.objects.select_related(
            *_LOT_RELATED, "seller__household", "seller__cooperative", "recalled_by"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class PhiConflict:
    input_event: TraceEvent
    harvest_event: TraceEvent
    safe_from: dt.date

    @property
    def events(self) -> tuple[TraceEvent, TraceEvent]:
        return (self.input_event, self.harvest_event)

    @property
    def message(self) -> str:
        return _(
            "Harvest on %(harvest)s is inside the pre-harvest interval of %(product)s "
            "(applied %(applied)s, %(days)s days): safe from %(safe)s."
        ) % {
            "harvest": timezone.localtime(self.harvest_event.occurred_at).strftime("%d/%m/%Y"),
            "product": self.input_event.input_product,
            "applied": timezone.localtime(self.input_event.occurred_at).strftime("%d/%m/%Y"),
            "days": self.input_event.phi_days,
            "safe": self.safe_from.strftime("%d/%m/%Y"),
        }


def phi_conflicts(*, events: list[TraceEvent]) -> list[PhiConflict]:
    """Harvests that fall inside an earlier input's pre-harvest interval.

    Counted in calendar days in Viet Nam time: applied on day D with an interval
    of N days, harvest is safe from day D+N.
    """
    corrected = {e.corrects_id for e in events if e.corrects_id}
    live = [e for e in events if e.pk not in corrected]
    inputs = [e for e in live if e.kind == EventKind.INPUT and e.phi_days]
    conflicts = []
    for harvest in (e for e in live if e.kind == EventKind.HARVEST):
        harvest_day = timezone.localdate(harvest.occurred_at)
        for applied in inputs:
            applied_day = timezone.localdate(applied.occurred_at)
            safe_from = applied_day + dt.timedelta(days=applied.phi_days)
            if applied_day <= harvest_day < safe_from:
                conflicts.append(PhiConflict(applied, harvest, safe_from))
    return conflicts


def latest_lots_of_product(*, product_id: int, limit: int = 3) -> list[Lot]:
    """The product's newest lots that are not recalled, for "where it came from" links."""
    return list(
        Lot.objects.filter(product_id=product_id, recalled_at__isnull=True)
        .exclude(parent__recalled_at__isnull=False)
        .only("code", "lot_number", "gtin", "harvest_date", "created_at")[:limit]
    )


def lot_on_sale(*, product_id: int) -> Lot | None:
    """The lot a product is sold from now: its newest lot (a packed lot is newer than
    the lot it was split from). None for a product with no lot. One query."""
    return (
        Lot.objects.filter(product_id=product_id)
        .order_by("-created_at", "-pk")
        .only("code", "recalled_at", "recall_reason", "product_id")
        .first()
    )


@dataclass(frozen=True)
class PhiFlag:
    lot: Lot
    conflict: PhiConflict


PHI_FLAG_LIMIT = 200


def phi_flags_in_communes(*, communes, since: dt.date | None = None) -> list[PhiFlag]:
    """Lots of sellers (or producing households) of `communes` harvested inside an input's
    pre-harvest interval, newest harvest first. Two queries: the lots with both an input
    carrying an interval and a harvest, then their events."""
    since = since or timezone.localdate() - dt.timedelta(days=365)
    in_area = (
        Q(seller__household__commune__in=communes)
        | Q(seller__cooperative__commune__in=communes)
        | Q(producer_household__commune__in=communes)
    )
    lot_ids = (
        Lot.objects.filter(in_area)
        .filter(events__kind=EventKind.INPUT, events__phi_days__gt=0)
        .filter(events__kind=EventKind.HARVEST, events__occurred_at__date__gte=since)
        .values_list("pk", flat=True)
        .distinct()
    )
    lots = {
        lot.pk: lot
        for lot in Lot.objects.filter(pk__in=list(lot_ids[: PHI_FLAG_LIMIT * 2])).select_related(
            "product", "seller", "producer_household"
        )
    }
    events = defaultdict(list)
    for event in TraceEvent.objects.filter(lot_id__in=lots).order_by("occurred_at", "pk"):
        events[event.lot_id].append(event)
    flags = [
        PhiFlag(lot=lots[lot_id], conflict=conflict)
        for lot_id, lot_events in events.items()
        for conflict in phi_conflicts(events=lot_events)
    ]
    flags.sort(key=lambda f: f.conflict.harvest_event.occurred_at, reverse=True)
    return flags[:PHI_FLAG_LIMIT]
