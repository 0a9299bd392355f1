"""The periodic pull: every parcel still travelling is asked about, each status once."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.delivery.carriers import base as states
from marketplace.delivery.models import Shipment, ShipmentEvent
from marketplace.delivery.tracking import shipments_track
from tests.delivery.fake_ghn import DETAIL, ok

pytestmark = pytest.mark.django_db


def _detail(order_code, status):
    return ok({"order_code": order_code, "status": status, "updated_date": "2026-06-15T02:00Z"})


def test_asks_only_parcels_still_travelling(ghn, make_shipment):
    travelling = make_shipment("GHN1")
    make_shipment("GHN2", carrier_status="delivered")
    make_shipment("GHN3", created_at=timezone.now() - dt.timedelta(days=31))
    make_shipment("", carrier="ghn")
    make_shipment("VTP123", carrier="Viettel Post")
    ghn.answer(DETAIL, _detail("GHN1", "picked"))
    result = shipments_track()
    assert (result.asked, result.recorded, result.failed) == (1, 1, 0)
    assert [r["json"] for r in ghn.requests] == [{"order_code": "GHN1"}]
    event = ShipmentEvent.objects.get()
    assert (event.shipment_id, event.source) == (travelling.pk, ShipmentEvent.Source.PULL)
    assert (event.key, event.created_at) == (
        "ghn:GHN1:picked",
        dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC),
    )


def test_a_status_already_known_counts_once(ghn, make_shipment, states_heard):
    shipment = make_shipment("GHN1")
    ghn.answer(DETAIL, _detail("GHN1", "delivering"))
    ghn.answer(DETAIL, _detail("GHN1", "delivering"))
    ghn.answer(DETAIL, _detail("GHN1", "delivered"))
    assert shipments_track().recorded == 1
    assert shipments_track().recorded == 0
    assert shipments_track().recorded == 1
    assert shipments_track().asked == 0  # delivered is final
    assert list(shipment.events.values_list("carrier_status", flat=True)) == [
        "delivering",
        "delivered",
    ]
    assert states_heard == [(shipment.pk, states.PICKED), (shipment.pk, states.DELIVERED)]


def test_a_status_heard_by_webhook_is_not_recorded_again(client, ghn, make_shipment):
    shipment = make_shipment("GHN1")
    ghn.answer(DETAIL, _detail("GHN1", "picked"))
    ghn.answer(DETAIL, _detail("GHN1", "picked"))
    client.post(
        "/giao-hang/ghn/hook-secret-1/",
        data={"OrderCode": "GHN1", "Status": "picked"},
        content_type="application/json",
    )
    assert shipments_track().recorded == 0
    assert shipment.events.count() == 1


def test_one_parcel_failing_does_not_stop_the_others(ghn, make_shipment):
    make_shipment("GHN1")
    second = make_shipment("GHN2")
    ghn.timeout(DETAIL, seconds=1.0)
    ghn.answer(DETAIL, _detail("GHN2", "picked"))
    result = shipments_track()
    assert (result.asked, result.recorded, result.failed) == (2, 1, 1)
    assert ShipmentEvent.objects.get().shipment_id == second.pk


def test_nothing_is_asked_while_ghn_is_off(ghn, make_shipment, settings):
    make_shipment("GHN1")
    settings.GHN_TOKEN = ""
    assert shipments_track().asked == 0
    assert ghn.requests == []


def test_command_prints_the_counts(ghn, make_shipment, capsys):
    make_shipment("GHN1")
    ghn.answer(DETAIL, _detail("GHN1", "picked"))
    call_command("delivery_track")
    assert re.findall(r"\d+", capsys.readouterr().out) == ["1", "1", "0"]
    assert Shipment.objects.get().carrier_status == "picked"
