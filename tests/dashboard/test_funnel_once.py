"""The live figures (household page, drill-down) and the monthly rollup count the same."""

import pytest
from django.db.models import Count, Q

from marketplace.dashboard.funnel import REGISTERED, STAGES, households_with_funnel
from marketplace.dashboard.models import DashboardRollup
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.sellers.models import Household
from tests.training.fixtures import build_area

pytestmark = pytest.mark.django_db

LIVE = {
    "registered": REGISTERED,
    "trained": Q(trained_on__isnull=False),
    "onboarded": Q(onboarded_at__isnull=False),
    "selling": Q(selling_since__isnull=False),
}


def _live_counts() -> dict[int, dict[str, int]]:
    rows = (
        households_with_funnel(Household.objects.all())
        .values("commune_id")
        .annotate(
            roster=Count("pk"), **{stage: Count("pk", filter=LIVE[stage]) for stage in STAGES}
        )
        .order_by()
    )
    return {row.pop("commune_id"): row for row in rows}


def _rollup_counts() -> dict[int, dict[str, int]]:
    latest = DashboardRollup.objects.order_by("-month").values_list("month", flat=True)[0]
    return {
        row.commune_id: {"roster": row.roster, **{stage: getattr(row, stage) for stage in STAGES}}
        for row in DashboardRollup.objects.filter(month=latest)
    }


def test_live_figures_and_the_rollup_agree_commune_by_commune(officer, commune):
    build_area(officer, commune)
    rollup_refresh()
    live, rollup = _live_counts(), _rollup_counts()
    assert live == rollup
    # The hand-counted area of the fixture, so that "equal" is not "both empty".
    assert live[commune.pk] == {
        "roster": 6,
        "registered": 2,
        "trained": 2,
        "onboarded": 2,
        "selling": 1,
    }
