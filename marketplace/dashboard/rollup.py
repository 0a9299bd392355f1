"""The dashboard's rollup: per commune and month, the funnel counts as of that month's end.

Rebuilt by `manage.py refresh_dashboard` (all communes) and, for the communes
concerned, after an import or a completion. The dashboard reads only this table,
so it answers in a few queries whatever the size of the roster.
"""

import time
from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.orders.models import OrderStatus, SellerOrder
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household

from .models import DashboardRefresh, DashboardRollup
from .selectors import (
    FIELDS,
    SELLING_WINDOW,
    _trained_on,
    month_starts,
    required_course_ids,
)


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _monthly(queryset, commune_field: str, month_expr) -> list[tuple[int, date, int]]:
    rows = (
        queryset.annotate(m=TruncMonth(month_expr))
        .values(commune_field, "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(row[commune_field], _as_date(row["m"]), row["n"]) for row in rows]


def _onboarded_by_month(commune_ids) -> list[tuple[int, date, int]]:
    """Households whose oldest live product (own shop, or as a cooperative's producer) was
    listed in each month. Read from the products' side: a per-household subquery with an
    OR over two joins would scan the products once per household."""
    live = Product.objects.filter(status=ProductStatus.LIVE)
    first = {}  # household -> (commune, created_at of its oldest live product)
    rows = list(
        live.filter(seller__household__commune_id__in=commune_ids).values_list(
            "seller__household_id", "seller__household__commune_id", "created_at"
        )
    ) + list(
        live.filter(producer__commune_id__in=commune_ids).values_list(
            "producer_id", "producer__commune_id", "created_at"
        )
    )
    for household_id, commune_id, created_at in rows:
        if household_id not in first or created_at < first[household_id][1]:
            first[household_id] = (commune_id, created_at)
    counts = defaultdict(int)
    for commune_id, created_at in first.values():
        counts[(commune_id, _as_date(created_at).replace(day=1))] += 1
    return [(commune_id, month, n) for (commune_id, month), n in counts.items()]


def _selling_by_month(commune_ids, months, ends, now) -> dict:
    """Distinct households with a delivery in the 90 days before each month's end."""
    since = datetime.combine(months[0], datetime.min.time(), tzinfo=now.tzinfo) - SELLING_WINDOW
    delivered = SellerOrder.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__gt=since, delivered_at__lte=now
    )
    own = delivered.filter(seller__household__commune_id__in=commune_ids).values_list(
        "seller__household_id", "seller__household__commune_id", "delivered_at"
    )
    via_coop = delivered.filter(lines__product__producer__commune_id__in=commune_ids).values_list(
        "lines__product__producer_id", "lines__product__producer__commune_id", "delivered_at"
    )
    months_of = defaultdict(set)  # (commune, household) -> month indexes where it was selling
    for household_id, commune_id, delivered_at in list(own) + list(via_coop):
        for index, end in enumerate(ends):
            if end - SELLING_WINDOW < delivered_at <= end:
                months_of[(commune_id, household_id)].add(index)
    counts = defaultdict(lambda: [0] * len(months))
    for (commune_id, _household), indexes in months_of.items():
        for index in indexes:
            counts[commune_id][index] += 1
    return counts


def rollup_refresh(*, commune_ids=None, now=None) -> int:
    """Rebuild the rollup for `commune_ids` (default: every commune with households or
    products). Returns the number of communes refreshed."""
    started = time.monotonic()
    now = now or timezone.now()
    months = month_starts(timezone.localdate(now))
    tz = timezone.get_current_timezone()
    # End of each month (exclusive start of the next one); the current month ends now.
    ends = [datetime.combine(m, datetime.min.time(), tzinfo=tz) for m in months[1:]] + [now]
    latest = DashboardRollup.objects.aggregate(m=Max("month"))["m"]
    if latest is not None and latest < months[-1]:
        # A new month began: every commune must move to it together, or the dashboard
        # (which reads the newest month) would show only the communes refreshed so far.
        commune_ids = None
    last = DashboardRefresh.objects.first()
    if last is not None and timezone.localdate(last.refreshed_at) < timezone.localdate(now):
        # A new day began: certificates expired and deliveries left the 90-day window
        # overnight in every commune, not only the one whose event runs this refresh.
        commune_ids = None
    if commune_ids is None:
        commune_ids = set(Household.objects.values_list("commune_id", flat=True).distinct())
        commune_ids |= set(
            Product.objects.filter(status=ProductStatus.LIVE)
            .annotate(
                c=Coalesce("seller__household__commune_id", "seller__cooperative__commune_id")
            )
            .values_list("c", flat=True)
            .distinct()
        )
    # Only communes that exist: one may have been removed since its event was queued.
    commune_ids = sorted(Commune.objects.filter(pk__in=commune_ids).values_list("pk", flat=True))
    index_of = {m: i for i, m in enumerate(months)}

    per_month = {f: defaultdict(lambda: [0] * len(months)) for f in FIELDS}

    def add(field, rows):
        for commune_id, month, n in rows:
            if month > months[-1]:
                continue
            per_month[field][commune_id][index_of.get(month, 0)] += n

    households = Household.objects.filter(commune_id__in=commune_ids)
    add(
        "roster", _monthly(households.filter(registered_at__lte=now), "commune_id", "registered_at")
    )
    add(
        "registered",
        _monthly(households.filter(user__isnull=False), "commune_id", "user__date_joined"),
    )
    required = required_course_ids()
    if required:
        trained = households.annotate(t=_trained_on(required)).filter(t__isnull=False)
        add("trained", _monthly(trained, "commune_id", "t"))
    add("onboarded", _onboarded_by_month(commune_ids))
    # OCOP products online: live, with a certificate still valid today.
    products = (
        Product.objects.filter(
            status=ProductStatus.LIVE,
            ocop_best_stars__gt=0,
            ocop_until__gte=timezone.localdate(),
        )
        .annotate(c=Coalesce("seller__household__commune_id", "seller__cooperative__commune_id"))
        .filter(c__in=commune_ids)
    )
    add("products_ocop", _monthly(products, "c", "created_at"))

    selling = _selling_by_month(commune_ids, months, ends, now)
    rows = []
    for commune_id in commune_ids:
        running = dict.fromkeys(FIELDS, 0)
        for index, month in enumerate(months):
            values = {}
            for field in FIELDS:
                if field == "selling":
                    continue
                running[field] += per_month[field][commune_id][index]
                values[field] = running[field]
            values["selling"] = selling[commune_id][index]
            rows.append(DashboardRollup(commune_id=commune_id, month=month, **values))

    with transaction.atomic():
        DashboardRollup.objects.filter(
            Q(commune_id__in=commune_ids) | Q(month__lt=months[0])
        ).delete()
        DashboardRollup.objects.bulk_create(rows, batch_size=2000)
        DashboardRefresh.objects.create(
            refreshed_at=now, communes=len(commune_ids), seconds=time.monotonic() - started
        )
    return len(commune_ids)
