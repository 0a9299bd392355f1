"""Zalo ZNS through a local server speaking /message/template, and its fallback to SMS."""

import datetime as dt

import pytest

from marketplace.notifications.models import Outcome, Status
from marketplace.notifications.services import messages_retry

pytestmark = pytest.mark.django_db


def test_success_sends_the_zns_request_shape_with_diacritics(deliver, zalo, esms):
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.SENT, "zalo")
    [request] = zalo.requests
    assert request["path"] == "/message/template"
    assert request["headers"]["access_token"] == "zalo-oa-token"
    assert request["json"] == {
        "phone": "84912345678",
        "template_id": "312345",
        "template_data": {"number": "CS000123-1", "total": "1.250.000 ₫"},
        "tracking_id": f"choso-{message.pk}",
    }
    assert esms.requests == []
    assert message.attempts.get().provider_code == "0"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (-118, "Zalo account not existed"),
        (-119, "Account cannot receive messages"),
        (-109, "Template ID invalid"),
        (-124, "Access token invalid"),
    ],
)
def test_no_zalo_or_refused_template_falls_back_to_sms(deliver, zalo, esms, code, why):
    zalo.answer({"error": code, "message": why})
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.SENT, "sms")
    assert list(message.attempts.values_list("channel", "outcome", "provider_code", "error")) == [
        ("zalo", Outcome.FALLBACK, str(code), why),
        ("sms", Outcome.SENT, "100", ""),
    ]
    assert esms.requests[0]["json"]["Phone"] == "0912345678"


def test_event_without_a_zns_template_goes_by_sms_without_asking_zalo(deliver, zalo, esms):
    message = deliver(event="order_delivered", context={"number": "CS1-1"}, phone="0912345678")
    assert message.channel == "sms"
    assert zalo.requests == []


def test_invalid_phone_fails_everywhere(deliver, zalo, esms):
    zalo.answer({"error": -108, "message": "Phone number invalid"})
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.FAILED, "zalo")
    assert esms.requests == []


def test_zalo_5xx_retries_on_zalo_then_sends_there(deliver, zalo, esms, clock):
    zalo.answer({"error": "gateway"}, status=502)
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    clock.shift(dt.timedelta(seconds=61))
    messages_retry()
    message.refresh_from_db()
    assert (message.status, message.channel) == (Status.SENT, "zalo")
    assert esms.requests == []


def test_zalo_timeout_is_retried(deliver, zalo):
    zalo.timeout(seconds=1.0)
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    assert message.attempts.get().outcome == Outcome.RETRY


def test_after_falling_back_a_retry_does_not_ask_zalo_again(deliver, zalo, esms, clock):
    zalo.answer({"error": -118, "message": "Zalo account not existed"})
    esms.answer({"error": "busy"}, status=503)
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    clock.shift(dt.timedelta(seconds=61))
    messages_retry()
    message.refresh_from_db()
    assert (message.status, message.channel) == (Status.SENT, "sms")
    assert len(zalo.requests) == 1
    assert len(esms.requests) == 2


def test_one_time_code_via_zalo_is_blanked_from_the_log(deliver, zalo):
    message = deliver(event="otp", context={"code": "482913", "minutes": 10}, phone="0912345678")
    assert zalo.requests[0]["json"]["template_data"] == {"code": "482913", "minutes": "10"}
    assert "482913" not in message.text
