"""Replies by SMS: "TC" to the short code stops order news and reminders, "DK" resumes.

eSMS passes each SMS on as a signed GET; these tests call the webhook with the exact
query eSMS sends (tests.notifications.fake_providers.esms_mo_query)."""

import xml.etree.ElementTree as ET

import pytest

from marketplace.notifications.inbound import Action, sms_command, sms_received
from marketplace.notifications.models import ConsentChange, InboundSms, OptOut, Status
from marketplace.notifications.segments import sms_segments
from tests.notifications.fake_providers import esms_mo_query

pytestmark = pytest.mark.django_db
URL = "/thong-bao/sms/esms/"
FARMER = "+84912345678"


def _reply(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


@pytest.mark.parametrize(
    ("content", "action"),
    [
        ("TC", Action.STOP),
        ("tc", Action.STOP),
        ("TC.", Action.STOP),
        ("Từ chối", Action.STOP),
        ("tu choi nhan tin", Action.STOP),
        ("HUY", Action.STOP),
        ("  Huỷ  ", Action.STOP),
        ("STOP", Action.STOP),
        ("DK", Action.RESUME),
        ("Đăng ký", Action.RESUME),
        ("dk lai", Action.RESUME),
        ("", Action.HELP),
        ("Cho tôi hỏi giá bưởi", Action.HELP),
        ("TCX", Action.HELP),
    ],
)
def test_what_an_sms_asks_for(content, action):
    assert sms_command(content) == action


def test_the_short_codes_keyword_is_skipped(settings):
    settings.ESMS_MO_KEYWORD = "CHOSO"
    assert sms_command("CHOSO TC") == Action.STOP
    assert sms_command("choso dk") == Action.RESUME
    assert sms_command("CHOSO") == Action.HELP


def test_off_until_the_short_code_is_configured(client):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    assert client.get(URL, query).status_code == 404
    assert not InboundSms.objects.exists()


def test_tc_stops_non_essential_messages_and_answers_in_vietnamese(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    answer = _reply(client.get(URL, query))
    text = answer.findtext("Message")
    assert text == "Chợ Số: đã ngừng tin báo đơn, lời nhắc. Nhắn DK gửi 8079 để nhận lại."
    assert answer.findtext("Smsid") == "m1"
    assert answer.findtext("Receiver") == "84912345678"
    assert sms_segments(text).segments == 1
    assert OptOut.objects.get(address=FARMER).source == OptOut.Source.REPLY
    change = ConsentChange.objects.get()
    assert (change.address, change.action, change.source) == (FARMER, "stop", "reply")
    inbound = InboundSms.objects.get()
    assert (inbound.sender, inbound.content, inbound.action) == (FARMER, "TC", "stop")
    assert inbound.reply == text
    assert inbound.received_at.isoformat() == "2026-06-15T02:30:00+00:00"


def test_the_same_sms_passed_on_twice_is_acted_on_once(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    first = _reply(client.get(URL, query)).findtext("Message")
    second = _reply(client.get(URL, query)).findtext("Message")
    assert first == second
    assert InboundSms.objects.count() == 1
    assert ConsentChange.objects.count() == 1


def test_dk_resumes_and_the_history_keeps_both(client, short_code, deliver):
    client.get(URL, esms_mo_query(sender="84912345678", content="TC", smsid="m1"))
    assert deliver(phone=FARMER).status == Status.SUPPRESSED
    answer = _reply(client.get(URL, esms_mo_query(sender="0912345678", content="dk", smsid="m2")))
    assert "Nhắn TC gửi 8079 để ngừng." in answer.findtext("Message")
    assert not OptOut.objects.exists()
    assert list(ConsentChange.objects.order_by("pk").values_list("action", flat=True)) == [
        "stop",
        "resume",
    ]
    assert deliver(phone=FARMER).status == Status.SENT


def test_anything_else_is_kept_and_answered_with_help(client, short_code):
    query = esms_mo_query(sender="84912345678", content="Giá bưởi bao nhiêu?", smsid="m3")
    text = _reply(client.get(URL, query)).findtext("Message")
    assert text == "Chợ Số: nhắn TC gửi 8079 để ngừng tin báo đơn, DK để nhận lại."
    assert sms_segments(text).segments == 1
    assert not OptOut.objects.exists()
    assert InboundSms.objects.get().action == "help"


def test_a_multi_line_sms_is_read_not_refused(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC\r\ncam on", smsid="m4")
    _reply(client.get(URL, query))
    assert InboundSms.objects.get().content == "TC cam on"
    assert OptOut.objects.filter(address=FARMER).exists()


@pytest.mark.parametrize(
    "tamper",
    [
        {"content": "DK"},
        {"smsid": "other"},
        {"sign": "0" * 32},
        {"cpid": "CP-OTHER"},
    ],
)
def test_a_tampered_or_forged_call_is_refused_and_changes_nothing(client, short_code, tamper):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    query.update(tamper)
    assert client.get(URL, query).status_code == 403
    assert not InboundSms.objects.exists()
    assert not OptOut.objects.exists()


def test_a_replayed_call_with_another_sender_changes_nothing(client, short_code):
    """eSMS's signature covers cpid, smsid, content and time, not the sender: a replay
    with another number keeps the smsid, which was acted on already."""
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    client.get(URL, query)
    query["sender"] = "84987654321"
    assert _reply(client.get(URL, query)).findtext("Message").startswith("Chợ Số: đã ngừng")
    assert list(OptOut.objects.values_list("address", flat=True)) == [FARMER]


def test_missing_parameters_or_a_sender_that_is_no_mobile_number(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    del query["sign"]
    assert client.get(URL, query).status_code == 400
    query = esms_mo_query(sender="842838123456", content="TC", smsid="m2")
    assert client.get(URL, query).status_code == 400
    assert not InboundSms.objects.exists()


def test_nul_in_the_query_is_still_refused(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC\x00", smsid="m1")
    assert client.get(URL, query).status_code == 400
    assert not InboundSms.objects.exists()


def test_post_is_not_how_esms_calls(client, short_code):
    query = esms_mo_query(sender="84912345678", content="TC", smsid="m1")
    assert client.post(URL, query).status_code == 405


def test_service_records_once_even_when_asked_twice():
    first = sms_received(provider="esms", provider_id="x", sender="0912345678", content="TC")
    second = sms_received(provider="esms", provider_id="x", sender="0912345678", content="TC")
    assert first.pk == second.pk
    assert ConsentChange.objects.count() == 1


def test_staff_record_a_stop_asked_by_phone_call_with_who_and_when(admin_client, admin_user):
    response = admin_client.post(
        "/django-admin/notifications/optout/add/", {"address": "0912 345 678"}
    )
    assert response.status_code == 302
    assert OptOut.objects.get().address == FARMER
    change = ConsentChange.objects.get()
    assert (change.action, change.source, change.by) == ("stop", "staff", admin_user)
    optout = OptOut.objects.get()
    response = admin_client.post(
        f"/django-admin/notifications/optout/{optout.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not OptOut.objects.exists()
    assert ConsentChange.objects.order_by("-pk").first().action == "resume"
    assert admin_client.get("/django-admin/notifications/consentchange/").status_code == 200
    assert admin_client.get("/django-admin/notifications/inboundsms/").status_code == 200
