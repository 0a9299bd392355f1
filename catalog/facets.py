"""The catalog's facet counts, kept per (category, origin commune, stars shown).

A first visit of the catalog, a category or a place would otherwise group every
live product to count its filter options (about 30 ms at 10,000 products, ten times
that at 100,000). Instead each product change recounts, in the writer's transaction,
the one or two (category, commune) places it was and is counted in: a grouped count
over those products only. The counts hold until a star expiry passes
(FacetCountState.valid_through). A visitor's read never rebuilds them: the first read
after an expiry queues one rebuild (a task, a worker in production; the daily
`ocop_stars_refresh` too) and every read meanwhile serves the last counts made. Before
the first build ever there are none: reads then group the products themselves.

What they serve: the catalog filtered by nothing, a category, stars, a province or a
commune. A search, a price or "in stock" still groups the products they leave (see
selectors.product_facets), as stock moves with every order.
"""

import datetime
import zlib
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django_tasks import task

from marketplace.core.locks import advisory_xact_lock

from .models import FacetCount, FacetCountState, Product, ProductStatus
from .selectors import (
    FACETS_CACHE_SECONDS,
    Facets,
    facets_cache_key,
    ocop_stars_valid,
    product_facets,
)

# PostgreSQL advisory lock keys: the whole table, and one (category, commune) place.
_LOCK_ALL = zlib.crc32(b"catalog.facets")
FOREVER = datetime.date.max
Place = tuple[int, int]  # (category_id, commune_id)
# One reader in this window queues the rebuild; if that task is lost, a later reader
# queues it again once the claim lapses.
REBUILD_CLAIM_SECONDS = 300


def _counted(today: datetime.date):
    """The products the catalog lists, with the stars they show `today`."""
    return Product.objects.filter(status=ProductStatus.LIVE, on_recall=False).annotate(
        shown=ocop_stars_valid(on=today)
    )


def _rows_and_expiry(products, today) -> tuple[list[FacetCount], datetime.date]:
    grouped = products.order_by().values("category_id", "origin_commune_id", "shown")
    rows = [
        FacetCount(
            category_id=row["category_id"],
            commune_id=row["origin_commune_id"],
            stars=row["shown"],
            products=row["n"],
        )
        for row in grouped.annotate(n=Count("pk"))
    ]
    soonest = products.filter(shown__gt=0).aggregate(day=Min("ocop_until"))["day"]
    return rows, soonest or FOREVER


@transaction.atomic
def facet_counts_rebuild(*, today: datetime.date | None = None, if_stale: bool = False) -> int:
    """Count every place again; returns how many count rows there are.

    `if_stale`: only if the counts are still out of date once the lock is held, so that
    rebuilds queued side by side (two readers, two nodes) count once."""
    today = today or timezone.localdate()
    advisory_xact_lock(_LOCK_ALL)
    if if_stale and not _stale(FacetCountState.objects.filter(pk=1).first(), today):
        return FacetCount.objects.count()
    rows, valid_through = _rows_and_expiry(_counted(today), today)
    FacetCount.objects.all().delete()
    FacetCount.objects.bulk_create(rows, batch_size=2000)
    FacetCountState.objects.update_or_create(
        pk=1, defaults={"valid_through": valid_through, "built_at": timezone.now()}
    )
    return len(rows)


@task()
def facet_counts_refresh() -> int:
    """The rebuild a read asked for (see `facet_rows`), outside any visitor's request."""
    return facet_counts_rebuild(if_stale=True)


def _stale(state: FacetCountState | None, today: datetime.date) -> bool:
    return state is None or state.valid_through < today


def _rebuild_later(today: datetime.date) -> None:
    """Queue one rebuild for the readers who found the counts stale: the first to claim
    the day's key queues it, the others go on with the counts there are."""
    if cache.add(f"catalog:facets:rebuild:{today.isoformat()}", 1, REBUILD_CLAIM_SECONDS):
        transaction.on_commit(facet_counts_refresh.enqueue)


@transaction.atomic
def facet_places_refresh(places: Iterable[Place], *, today: datetime.date | None = None) -> None:
    """Recount the products of these (category, commune) places, within the caller's
    transaction; concurrent writers of one place wait for each other (PostgreSQL)."""
    places = sorted({p for p in places if None not in p})
    if not places:
        return
    today = today or timezone.localdate()
    state = FacetCountState.objects.filter(pk=1).first()
    if _stale(state, today):
        facet_counts_rebuild(today=today)  # a rebuild counts these places too
        return
    advisory_xact_lock(_LOCK_ALL, shared=True)
    for category_id, commune_id in places:
        advisory_xact_lock(zlib.crc32(f"catalog.facets:{category_id}:{commune_id}".encode()))
    FacetCount.objects.filter(_any_of(places, commune="commune_id")).delete()
    products = _counted(today).filter(_any_of(places, commune="origin_commune_id"))
    rows, soonest = _rows_and_expiry(products, today)
    FacetCount.objects.bulk_create(rows)
    if soonest < state.valid_through:
        FacetCountState.objects.filter(pk=1).update(valid_through=soonest)


def _any_of(places: list[Place], *, commune: str) -> Q:
    return Q(*[Q(category_id=c, **{commune: m}) for c, m in places], _connector=Q.OR)


def facet_rows(
    *, province_id: int | None = None, commune_id: int | None = None
) -> tuple[tuple[int, int, int], ...]:
    """(category, stars shown, products) over the kept counts, in a province or a
    commune if given: what selectors.Facets reads. Two queries. Counts made before a
    star expiry that has since passed are still served, and a rebuild is queued; before
    the counts were ever built, the live products are grouped instead."""
    today = timezone.localdate()
    state = FacetCountState.objects.filter(pk=1).first()
    if _stale(state, today):
        _rebuild_later(today)
    if state is None:
        return _rows_grouped(today, province_id=province_id, commune_id=commune_id)
    counts = FacetCount.objects.all()
    if commune_id is not None:
        counts = counts.filter(commune_id=commune_id)
    if province_id is not None:
        counts = counts.filter(commune__province_id=province_id)
    grouped = counts.order_by().values_list("category_id", "stars").annotate(n=Sum("products"))
    return tuple((category, stars, n) for category, stars, n in grouped if n)


def _rows_grouped(today, *, province_id: int | None, commune_id: int | None) -> tuple:
    """What the kept counts would say, grouped from the products themselves."""
    products = _counted(today)
    if commune_id is not None:
        products = products.filter(origin_commune_id=commune_id)
    if province_id is not None:
        products = products.filter(origin_commune__province_id=province_id)
    grouped = products.order_by().values_list("category_id", "shown").annotate(n=Count("pk"))
    return tuple(grouped)


def catalog_facets(*, queryset, filters_key: str, place: dict | None) -> Facets:
    """The facets of the catalog's list: from the kept counts when the filters are only
    a place (`place`: province_id and/or commune_id, maybe none), else grouped from
    `queryset` (see selectors.product_facets). Cached alike under `filters_key`."""
    if place is None:
        return product_facets(queryset=queryset, filters_key=filters_key)
    key = facets_cache_key(filters_key)
    return Facets(rows=cache.get_or_set(key, lambda: facet_rows(**place), FACETS_CACHE_SECONDS))
