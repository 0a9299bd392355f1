"""GHN's status webhook: a secret address, a body not believed, the status asked back."""

import json

import pytest
from django.urls import reverse

from marketplace.delivery.carriers import base as states
from marketplace.delivery.models import Shipment, ShipmentEvent
from tests.delivery.fake_ghn import DETAIL, ok

pytestmark = pytest.mark.django_db

DELIVERED = ok(
    {"order_code": "GHNTEST1", "status": "delivered", "updated_date": "2026-06-15T02:15:00Z"}
)


def _hook(client, body, secret="hook-secret-1"):
    url = reverse("delivery:ghn_webhook", kwargs={"secret": secret})
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def _message(order_code="GHNTEST1", status="delivered"):
    return {
        "OrderCode": order_code,
        "Status": status,
        "Type": "switch_status",
        "Time": "2026-06-15T09:15:00+07:00",
        "ClientOrderCode": "CS000123-1",
        "ShopID": 885,
    }


def test_url_is_outside_the_language_prefix():
    assert reverse("delivery:ghn_webhook", kwargs={"secret": "s"}) == "/giao-hang/ghn/s/"


def test_wrong_secret_is_not_found(client, ghn, make_shipment):
    make_shipment()
    assert _hook(client, _message(), secret="guess").status_code == 404
    assert ghn.requests == []


def test_unset_secret_is_not_found(client, ghn, settings):
    settings.GHN_WEBHOOK_SECRET = ""
    assert _hook(client, _message(), secret="anything").status_code == 404


def test_ghn_switched_off_is_not_found(client, ghn, settings):
    settings.GHN_TOKEN = ""
    assert _hook(client, _message()).status_code == 404


def test_only_post(client, ghn):
    assert client.get("/giao-hang/ghn/hook-secret-1/").status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        b"\xff\xfe",
        "[1, 2]",
        "[" * 5000 + "]" * 5000,
        {"Status": "delivered"},
        {"OrderCode": 12345},
        {"OrderCode": ""},
        {"OrderCode": "X" * 41},
    ],
)
def test_a_body_that_is_not_ghns_is_a_bad_request(client, ghn, body):
    assert _hook(client, body).status_code == 400
    assert ghn.requests == []


def test_a_large_body_is_refused(client, ghn):
    body = {**_message(), "Description": "x" * 17_000}
    assert _hook(client, body).status_code == 413
    assert ghn.requests == []


def test_delivered_is_recorded_once_when_sent_twice(client, ghn, make_shipment, states_heard):
    shipment = make_shipment()
    ghn.answer(DETAIL, DELIVERED)
    ghn.answer(DETAIL, DELIVERED)
    first, second = _hook(client, _message()), _hook(client, _message())
    assert (first.status_code, first.json()) == (200, {"ok": True, "recorded": True})
    assert (second.status_code, second.json()) == (200, {"ok": True, "recorded": False})
    assert [r["json"] for r in ghn.requests] == [{"order_code": "GHNTEST1"}] * 2
    [event] = ShipmentEvent.objects.filter(shipment=shipment, source="webhook")
    assert (event.key, event.carrier_status) == ("ghn:GHNTEST1:delivered", "delivered")
    assert states_heard == [(shipment.pk, states.DELIVERED)]
    shipment.refresh_from_db()
    assert shipment.carrier_status == "delivered"


def test_the_status_in_the_body_is_not_believed(client, ghn, make_shipment, states_heard):
    shipment = make_shipment()
    ghn.answer(DETAIL, ok({"order_code": "GHNTEST1", "status": "picking"}))
    assert _hook(client, _message(status="delivered")).status_code == 200
    assert ShipmentEvent.objects.get(shipment=shipment).carrier_status == "picking"
    assert states_heard == []


def test_an_order_code_we_do_not_have_is_acknowledged(client, ghn, make_shipment):
    make_shipment()
    answer = _hook(client, _message(order_code="GHNOTHER"))
    assert (answer.status_code, answer.json()["ok"]) == (200, False)
    assert ghn.requests == []
    assert not ShipmentEvent.objects.exists()


def test_ghn_down_asks_for_the_message_again(client, ghn, make_shipment, states_heard):
    shipment = make_shipment()
    ghn.timeout(DETAIL, seconds=1.0)
    assert _hook(client, _message()).status_code == 503
    ghn.raw(DETAIL, "Service Unavailable", status=503)
    assert _hook(client, _message()).status_code == 503
    assert not ShipmentEvent.objects.filter(shipment=shipment).exists()
    assert Shipment.objects.get(pk=shipment.pk).carrier_status == ""
    assert states_heard == []
