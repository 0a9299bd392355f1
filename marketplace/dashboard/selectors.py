"""Reads for the officers' dashboard: rates, the drill-down and the rollup's figures.

The funnel's stages are defined in `funnel.py`; this module counts and lists with them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, QuerySet, Sum
from django.utils.translation import get_language

from marketplace.accounts.models import User
from marketplace.accounts.selectors import communes_visible_to
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household
from marketplace.training.selectors import roster_search

from .funnel import STAGES, households_with_funnel
from .models import DashboardRefresh, DashboardRollup


@dataclass(frozen=True)
class Rate:
    """numerator / denominator, shown as "424 / 586 = 72,4 %" (vi) or "72.4%" (en)."""

    numerator: int
    denominator: int

    @property
    def tenths(self) -> int | None:
        """The percentage in tenths, rounded half up, in integers (no float)."""
        if not self.denominator:
            return None
        return (self.numerator * 2000 + self.denominator) // (2 * self.denominator)

    @property
    def percent(self) -> str:
        tenths = self.tenths
        if tenths is None:
            return "–"
        whole, tenth = divmod(tenths, 10)
        if (get_language() or "vi").startswith("vi"):
            return f"{whole},{tenth} %"
        return f"{whole}.{tenth}%"

    def __str__(self):
        return f"{self.numerator} / {self.denominator} = {self.percent}"


# The drill-down's stages: where each household stands now, one stage per household.
STAGE_FILTERS = {
    "not_trained": Q(trained_on__isnull=True),
    "trained": Q(trained_on__isnull=False, onboarded_at__isnull=True),
    "onboarded": Q(onboarded_at__isnull=False, selling_since__isnull=True),
    "selling": Q(selling_since__isnull=False),
}


def commune_households(
    *, commune: Commune, stage: str = "", query: str = "", now=None
) -> QuerySet[Household]:
    """The commune's households with their funnel, by name, narrowed to a stage and a search.

    An unknown stage lists everyone (a hand-edited address must not fail)."""
    households = Household.objects.filter(commune=commune)
    if query.strip():
        found = roster_search(communes=[commune], query=query, limit=200)
        households = households.filter(pk__in=[h.pk for h in found])
    households = households_with_funnel(households, now=now)
    if stage in STAGE_FILTERS:
        households = households.filter(STAGE_FILTERS[stage])
    return households.order_by("head_name_folded", "pk")


@dataclass
class Funnel:
    registered: object
    trained: object
    onboarded: object
    selling: object


def household_funnel(*, household: Household, now=None) -> Funnel:
    row = households_with_funnel(Household.objects.filter(pk=household.pk), now=now).get()
    return Funnel(
        registered=row.user.date_joined if row.user_id else None,
        trained=row.trained_on,
        onboarded=row.onboarded_at,
        selling=row.selling_since,
    )


# The dashboard -------------------------------------------------------------------


@dataclass
class AreaRow:
    commune: Commune | None
    roster: int
    counts: dict

    @property
    def rates(self) -> dict:
        return {stage: Rate(self.counts[stage], self.roster) for stage in STAGES}

    @property
    def rate_list(self) -> list[Rate]:
        """The four rates in funnel order (the table's columns)."""
        return [Rate(self.counts[stage], self.roster) for stage in STAGES]

    @property
    def products_ocop(self) -> int:
        return self.counts["products_ocop"]


@dataclass
class Dashboard:
    total: AreaRow
    communes: list[AreaRow]
    series: list[dict]  # [{"month": date, "roster": n, "trained": n, ...}] oldest first
    refreshed_at: object


FIELDS = ("roster", "registered", "trained", "onboarded", "selling", "products_ocop")


def dashboard_figures(*, user: User, commune: Commune | None = None) -> Dashboard:
    """The area's figures from the rollup: four queries whatever the number of households."""
    area = communes_visible_to(user=user)
    if commune is not None:
        area = area.filter(pk=commune.pk)
    refresh = DashboardRefresh.objects.first()
    latest = DashboardRollup.objects.aggregate(m=Max("month"))["m"]
    rows = (
        DashboardRollup.objects.filter(month=latest, commune__in=area)
        .select_related("commune__province")
        .order_by("commune__name_folded")
    )
    communes = [
        AreaRow(commune=r.commune, roster=r.roster, counts={f: getattr(r, f) for f in FIELDS})
        for r in rows
    ]
    totals = {f: sum(row.counts[f] for row in communes) for f in FIELDS}
    series = list(
        DashboardRollup.objects.filter(commune__in=area)
        .values("month")
        .annotate(**{f: Sum(f) for f in FIELDS})
        .order_by("month")
    )
    return Dashboard(
        total=AreaRow(commune=None, roster=totals["roster"], counts=totals),
        communes=communes,
        series=series,
        refreshed_at=refresh.refreshed_at if refresh else None,
    )


def month_starts(*, today: date, count: int = 12) -> list[date]:
    """The first day of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]
