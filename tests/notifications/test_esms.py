"""SMS through a local server speaking eSMS.vn's SendMultipleMessage_V4_post_json."""

import datetime as dt

import pytest

from marketplace.notifications.models import Outcome, Status
from marketplace.notifications.services import messages_retry

pytestmark = pytest.mark.django_db


def test_success_sends_the_esms_request_shape(deliver, esms):
    message = deliver(phone="0912 345 678")
    assert (message.status, message.channel) == (Status.SENT, "sms")
    [request] = esms.requests
    assert request["path"] == "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    assert request["json"] == {
        "ApiKey": "esms-api-key",
        "SecretKey": "esms-secret",
        "Phone": "0912345678",
        "Content": "Chợ Số: đơn mới CS000123-1, 1.250.000 ₫. Vào Cửa hàng để xác nhận.",
        "Brandname": "CHOSO",
        "SmsType": "2",
        "IsUnicode": "1",
        "Sandbox": "0",
        "RequestId": f"choso-{message.pk}",
    }
    attempt = message.attempts.get()
    assert (attempt.http_status, attempt.provider_code, attempt.outcome) == (200, "100", "sent")
    assert "SMSID" in attempt.provider_answer


def test_unaccented_setting_sends_gsm7(deliver, esms, settings):
    settings.NOTIFY_SMS_UNACCENTED = True
    deliver(phone="0912345678")
    body = esms.requests[0]["json"]
    assert body["Content"] == "Cho So: don moi CS000123-1, 1.250.000 d. Vao Cua hang de xac nhan."
    assert body["IsUnicode"] == "0"


def test_wrong_keys_fail_without_retry(deliver, esms):
    esms.answer({"CodeResult": "101", "CountRegenerate": 0, "ErrorMessage": "Authorize Failed"})
    message = deliver(phone="0912345678")
    assert (message.status, message.last_error) == (Status.FAILED, "Authorize Failed")
    assert len(esms.requests) == 1


def test_http_4xx_is_permanent(deliver, esms):
    esms.answer({"error": "Invalid request"}, status=400)
    message = deliver(phone="0912345678")
    assert message.status == Status.FAILED
    assert message.attempts.get().http_status == 400


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_error_and_rate_limit_are_retried_after_a_delay(deliver, esms, clock, status):
    esms.answer({"error": "busy"}, status=status)
    message = deliver(phone="0912345678")
    assert (message.status, message.attempt_count) == (Status.QUEUED, 1)
    assert message.attempts.get().outcome == Outcome.RETRY
    clock.shift(dt.timedelta(seconds=61))
    messages_retry()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [r["json"]["RequestId"] for r in esms.requests] == [f"choso-{message.pk}"] * 2


def test_timeout_is_retried_and_recorded(deliver, esms, clock):
    esms.timeout(seconds=1.0)
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    attempt = message.attempts.get()
    assert attempt.outcome == Outcome.RETRY
    assert attempt.error.startswith("no answer")
    assert attempt.duration_ms >= 250
    clock.shift(dt.timedelta(seconds=61))
    messages_retry()
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_provider_down_keeps_the_message_queued(deliver, settings, clock):
    settings.ESMS_API_KEY, settings.ESMS_SECRET_KEY = "k", "s"
    settings.ESMS_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    assert message.next_attempt_at is not None


def test_duplicate_request_id_means_it_already_went(deliver, esms):
    esms.answer({"CodeResult": "124", "CountRegenerate": 0, "ErrorMessage": "Request exist 1"})
    assert deliver(phone="0912345678").status == Status.SENT


def test_low_balance_is_tried_again_later(deliver, esms):
    esms.answer({"CodeResult": "103", "CountRegenerate": 0, "ErrorMessage": "Balance"})
    message = deliver(phone="0912345678")
    assert (message.status, message.attempt_count) == (Status.QUEUED, 1)


def test_sms_is_off_without_keys(deliver, settings):
    settings.NOTIFY_CHANNELS = ["sms", "console"]
    assert deliver(phone="0912345678").channel == "console"
