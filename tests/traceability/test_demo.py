import pytest
from django.core.management import call_command

from traceability.models import Lot, TraceEvent

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_lots_with_full_histories_once():
    call_command("seed_demo", stdout=None)
    lots, events = Lot.objects.count(), TraceEvent.objects.count()
    call_command("seed_demo", stdout=None)
    assert (Lot.objects.count(), TraceEvent.objects.count()) == (lots, events)
    demo = Lot.objects.filter(lot_number__startswith="DEMO-")
    assert demo.count() == 7
    for lot in demo:
        kinds = set(lot.events.values_list("kind", flat=True))
        assert {"planting", "input", "harvest", "inspection", "packing"} <= kinds
    assert Lot.objects.filter(parent__lot_number="DEMO-COOP-1").count() == 2
    assert Lot.objects.get(lot_number="DEMO-HA-1").is_recalled
