"""Reads for training pages and the officer's dashboard.

Funnel of a household (all dates are when the step was reached):
- registered: the household has its own login on Chợ Số (the login's creation date);
- trained: it completed every course marked "required for trained" (date of the last one);
- onboarded: a live product of its own shop, or of its cooperative with it as producer
  (creation date of the oldest such product);
- selling: a delivered order of such a product in the last 90 days (earliest in that window).
The roster (every household an officer listed) is the denominator of every rate.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import get_language

from catalog.models import Product, ProductStatus
from marketplace.accounts.models import User
from marketplace.accounts.selectors import communes_visible_to
from marketplace.core.text import fold
from marketplace.orders.models import OrderStatus, SellerOrder
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household

from .models import (
    Attendance,
    Completion,
    CoursePage,
    DashboardRefresh,
    DashboardRollup,
    TrainingSession,
)

SELLING_WINDOW = timedelta(days=90)
STAGES = ("registered", "trained", "onboarded", "selling")


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


def required_course_ids() -> list[int]:
    return list(
        CoursePage.objects.live()
        .filter(required_for_trained=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def required_courses() -> list[CoursePage]:
    """The live courses a household must all complete to count as trained, in menu order."""
    return list(
        CoursePage.objects.live().filter(required_for_trained=True).order_by("path").only("title")
    )


def _trained_on(required: list[int]):
    if not required:
        return Subquery(Completion.objects.none().values("completed_on")[:1])
    return Subquery(
        Completion.objects.filter(household=OuterRef("pk"), course_id__in=required, withdrawn=False)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"), last=Max("completed_on"))
        .filter(n=len(required))
        .values("last")[:1]
    )


def _onboarded_at():
    return Subquery(
        Product.objects.filter(status=ProductStatus.LIVE)
        .filter(Q(seller__household=OuterRef("pk")) | Q(producer=OuterRef("pk")))
        .order_by("created_at")
        .values("created_at")[:1]
    )


def _selling_since(now):
    return Subquery(
        SellerOrder.objects.filter(
            status=OrderStatus.DELIVERED,
            delivered_at__gt=now - SELLING_WINDOW,
            delivered_at__lte=now,
        )
        .filter(Q(seller__household=OuterRef("pk")) | Q(lines__product__producer=OuterRef("pk")))
        .order_by("delivered_at")
        .values("delivered_at")[:1]
    )


def households_with_funnel(households: QuerySet[Household], *, now=None) -> QuerySet[Household]:
    """Annotate `registered_on`, `trained_on`, `onboarded_at`, `selling_since` (None: not yet)."""
    now = now or timezone.now()
    return households.select_related("commune", "user").annotate(
        trained_on=_trained_on(required_course_ids()),
        onboarded_at=_onboarded_at(),
        selling_since=_selling_since(now),
    )


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


def household_funnel(household: Household, *, now=None) -> Funnel:
    row = households_with_funnel(Household.objects.filter(pk=household.pk), now=now).get()
    return Funnel(
        registered=row.user.date_joined if row.user_id else None,
        trained=row.trained_on,
        onboarded=row.onboarded_at,
        selling=row.selling_since,
    )


def completion_of(*, household: Household, course: CoursePage) -> Completion | None:
    return Completion.objects.filter(household=household, course=course, withdrawn=False).first()


def completions_of_household(household: Household) -> QuerySet[Completion]:
    """Every completion, withdrawn ones too (shown struck through, with the reason)."""
    return Completion.objects.filter(household=household).select_related(
        "course", "recorded_by", "withdrawal__withdrawn_by"
    )


def roster_search(*, communes, query: str, limit: int = 30) -> QuerySet[Household]:
    """Households of `communes` whose name (with or without diacritics) or phone matches."""
    households = Household.objects.filter(commune__in=communes).select_related("commune")
    # PostgreSQL text cannot hold a NUL byte: a pasted one would be a database error.
    query = (query or "").replace("\x00", "").strip()
    if not query:
        return households.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(head_name_folded__contains=fold(query))
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits.lstrip("0"))
    return households.filter(condition).order_by("head_name_folded")[:limit]


SHEET_LIMIT = 300


def session_attendance_sheet(session: TrainingSession, *, query: str = "") -> dict:
    """The session's checklist: its commune's roster (or the households matching `query`),
    who is present, and the ticks withdrawn with who, when and why. Four queries."""
    if query.strip():
        roster = list(roster_search(communes=[session.commune], query=query, limit=SHEET_LIMIT))
    else:
        roster = list(
            Household.objects.filter(commune=session.commune).order_by("head_name_folded", "pk")[
                :SHEET_LIMIT
            ]
        )
    attendances = list(
        Attendance.objects.filter(session=session)
        .select_related("household", "recorded_by", "withdrawal__withdrawn_by")
        .order_by("-recorded_at", "-pk")
    )
    present = [a for a in attendances if not a.withdrawn]
    return {
        "roster": roster,
        "roster_truncated": len(roster) == SHEET_LIMIT,
        "present": present,
        "present_ids": {a.household_id for a in present},
        "withdrawn": [a for a in attendances if a.withdrawn],
    }


def sessions_visible_to(user: User) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(commune__in=communes_visible_to(user=user))
        .select_related("course", "commune__province")
        .annotate(attendance_count=Count("attendances", filter=Q(attendances__withdrawn=False)))
        .order_by("-date", "-pk")
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


def month_starts(today: date, count: int = 12) -> list[date]:
    """The first day of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]
