"""The dashboard's rollup: per commune and month, the funnel counts as of that month's end.

Rebuilt by `manage.py refresh_dashboard` (all communes) and, for the communes
concerned, after every event that moves a household (see receivers.py). The
dashboard reads only this table, so it answers in a few queries whatever the size
of the roster. Each stage is counted with its definition in funnel.py.
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from catalog.models import Product, ProductStatus
from catalog.selectors import products_with_valid_ocop
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household
from marketplace.training.selectors import required_course_ids

from . import funnel
from .models import DashboardRefresh, DashboardRollup
from .selectors import FIELDS, month_starts

# Counts that add up month after month; "selling" is a window, counted per month.
CUMULATIVE = tuple(field for field in FIELDS if field != "selling")


@dataclass(frozen=True)
class Period:
    """The twelve months rebuilt, oldest first, and each one's end (the current one: now)."""

    months: list[date]
    ends: list[datetime]
    now: datetime

    @classmethod
    def ending(cls, now: datetime) -> "Period":
        months = month_starts(today=timezone.localdate(now))
        tz = timezone.get_current_timezone()
        ends = [datetime.combine(m, datetime.min.time(), tzinfo=tz) for m in months[1:]] + [now]
        return cls(months=months, ends=ends, now=now)

    def index(self, month: date) -> int | None:
        """The month's place; a month before the period counts in the first one."""
        if month > self.months[-1]:
            return None
        return self.months.index(month) if month in self.months else 0


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


def _via(queryset, paths: tuple[str, ...], commune_ids, when: str) -> list[tuple]:
    """(household, commune, `when`) for each path from the rows to a household of the communes."""
    rows = []
    for path in paths:
        rows += queryset.filter(**{f"{path}__commune_id__in": commune_ids}).values_list(
            f"{path}_id", f"{path}__commune_id", when
        )
    return rows


def _onboarded_by_month(commune_ids) -> list[tuple[int, date, int]]:
    """Households whose oldest live product was listed in each month. Read from the
    products' side: a per-household subquery with an OR over two joins would scan the
    products once per household."""
    first = {}  # household -> (commune, created_at of its oldest live product)
    products = funnel.onboarding_products()
    for household_id, commune_id, created_at in _via(
        products, funnel.PRODUCT_HOUSEHOLDS, commune_ids, "created_at"
    ):
        if household_id not in first or created_at < first[household_id][1]:
            first[household_id] = (commune_id, created_at)
    counts = defaultdict(int)
    for commune_id, created_at in first.values():
        counts[(commune_id, _as_date(created_at).replace(day=1))] += 1
    return [(commune_id, month, n) for (commune_id, month), n in counts.items()]


def _selling_by_month(commune_ids, period: Period) -> dict:
    """Distinct households selling at each month's end, per commune."""
    start = datetime.combine(period.months[0], datetime.min.time(), tzinfo=period.now.tzinfo)
    delivered = funnel.deliveries(after=start - funnel.SELLING_WINDOW, until=period.now)
    months_of = defaultdict(set)  # (commune, household) -> month indexes where it was selling
    for household_id, commune_id, delivered_at in _via(
        delivered, funnel.ORDER_HOUSEHOLDS, commune_ids, "delivered_at"
    ):
        for index, end in enumerate(period.ends):
            if funnel.counts_as_selling(delivered_at, at=end):
                months_of[(commune_id, household_id)].add(index)
    counts = defaultdict(lambda: [0] * len(period.months))
    for (commune_id, _household), indexes in months_of.items():
        for index in indexes:
            counts[commune_id][index] += 1
    return counts


def _ocop_products(commune_ids):
    """OCOP products online: live, with a certificate still valid today."""
    live = Product.objects.filter(status=ProductStatus.LIVE)
    return (
        products_with_valid_ocop(products=live)
        .annotate(c=Coalesce("seller__household__commune_id", "seller__cooperative__commune_id"))
        .filter(c__in=commune_ids)
    )


def _new_per_month(commune_ids, period: Period) -> dict:
    """For each cumulative count: what each commune gained in each month."""
    households = Household.objects.filter(commune_id__in=commune_ids)
    sources = {
        "roster": _monthly(
            households.filter(registered_at__lte=period.now), "commune_id", "registered_at"
        ),
        "registered": _monthly(
            households.filter(funnel.REGISTERED), "commune_id", funnel.REGISTERED_ON
        ),
        "onboarded": _onboarded_by_month(commune_ids),
        "products_ocop": _monthly(_ocop_products(commune_ids), "c", "created_at"),
    }
    required = required_course_ids()
    if required:
        trained = households.annotate(t=funnel.trained_on(required)).filter(t__isnull=False)
        sources["trained"] = _monthly(trained, "commune_id", "t")
    per_month = {field: defaultdict(lambda: [0] * len(period.months)) for field in CUMULATIVE}
    for field, rows in sources.items():
        for commune_id, month, n in rows:
            index = period.index(month)
            if index is not None:
                per_month[field][commune_id][index] += n
    return per_month


def _rollup_rows(commune_ids, period: Period) -> list[DashboardRollup]:
    per_month = _new_per_month(commune_ids, period)
    selling = _selling_by_month(commune_ids, period)
    rows = []
    for commune_id in commune_ids:
        running = dict.fromkeys(CUMULATIVE, 0)
        for index, month in enumerate(period.months):
            for field in CUMULATIVE:
                running[field] += per_month[field][commune_id][index]
            rows.append(
                DashboardRollup(
                    commune_id=commune_id,
                    month=month,
                    selling=selling[commune_id][index],
                    **running,
                )
            )
    return rows


def _everywhere_needed(period: Period) -> bool:
    """Whether every commune must be refreshed, whatever event asked for a few."""
    latest = DashboardRollup.objects.aggregate(m=Max("month"))["m"]
    if latest is not None and latest < period.months[-1]:
        # A new month began: every commune must move to it together, or the dashboard
        # (which reads the newest month) would show only the communes refreshed so far.
        return True
    last = DashboardRefresh.objects.first()
    # A new day began: certificates expired and deliveries left the 90-day window
    # overnight in every commune, not only the one whose event runs this refresh.
    return last is not None and timezone.localdate(last.refreshed_at) < timezone.localdate(
        period.now
    )


def _communes_with_figures() -> set[int]:
    """Every commune with households or live products."""
    commune_ids = set(Household.objects.values_list("commune_id", flat=True).distinct())
    commune_ids |= set(
        Product.objects.filter(status=ProductStatus.LIVE)
        .annotate(c=Coalesce("seller__household__commune_id", "seller__cooperative__commune_id"))
        .values_list("c", flat=True)
        .distinct()
    )
    return commune_ids


def rollup_refresh(*, commune_ids=None, now=None) -> int:
    """Rebuild the rollup for `commune_ids` (default: every commune with households or
    products). Returns the number of communes refreshed."""
    started = time.monotonic()
    period = Period.ending(now or timezone.now())
    if commune_ids is None or _everywhere_needed(period):
        commune_ids = _communes_with_figures()
    # Only communes that exist: one may have been removed since its event was queued.
    commune_ids = sorted(Commune.objects.filter(pk__in=commune_ids).values_list("pk", flat=True))
    rows = _rollup_rows(commune_ids, period)
    with transaction.atomic():
        DashboardRollup.objects.filter(
            Q(commune_id__in=commune_ids) | Q(month__lt=period.months[0])
        ).delete()
        DashboardRollup.objects.bulk_create(rows, batch_size=2000)
        DashboardRefresh.objects.create(
            refreshed_at=period.now, communes=len(commune_ids), seconds=time.monotonic() - started
        )
    return len(commune_ids)
