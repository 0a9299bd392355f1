"""send() and delivery without HTTP: idempotency, the console default, fallback, retries."""

import datetime as dt
import logging

import pytest
from django.core import mail

from marketplace.notifications import backends
from marketplace.notifications.backends.base import Backend, Result
from marketplace.notifications.models import DeliveryAttempt, Message, Outcome, Status
from marketplace.notifications.services import message_deliver, messages_retry, send
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _scripted(name, *outcomes):
    """A channel that answers the given outcomes in turn (then SENT), and counts its calls."""

    class Scripted(Backend):
        calls = []

        def reaches(self, message):
            return bool(message.phone)

        def deliver(self, message):
            Scripted.calls.append(message.pk)
            index = len(Scripted.calls) - 1
            outcome = outcomes[index] if index < len(outcomes) else Outcome.SENT
            return Result(outcome=outcome, provider_code=f"{name}-{index}")

    Scripted.name = name
    return Scripted


@pytest.fixture
def channels(monkeypatch, settings):
    def _set(**scripted):
        monkeypatch.setattr(backends, "BACKENDS", {**backends.BACKENDS, **scripted})
        settings.NOTIFY_CHANNELS = list(scripted)

    return _set


def test_console_is_the_embedded_default_and_keeps_the_text(deliver, caplog):
    with caplog.at_level(logging.WARNING, logger="marketplace.notifications"):
        message = deliver(phone="0912 345 678")
    assert message.status == Status.SENT
    assert message.channel == "console"
    assert message.phone == "+84912345678"
    assert message.text == "Chợ Số: đơn mới CS000123-1, 1.250.000 ₫. Vào Cửa hàng để xác nhận."
    assert message.template == "order_new.v1"
    assert message.sent_at is not None
    assert "CS000123-1" in caplog.text
    attempt = message.attempts.get()
    assert (attempt.channel, attempt.outcome) == ("console", Outcome.SENT)


def test_nothing_is_queued_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send(
            event="order_confirmed",
            context={"number": "CS000123-1"},
            idempotency_key="so:1:confirmed",
            phone="0912345678",
        )
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts.count()) == (Status.QUEUED, 0)


def test_one_event_never_makes_two_messages(deliver):
    first = deliver(phone="0912345678", idempotency_key="so:7:placed")
    again = deliver(phone="0912345678", idempotency_key="so:7:placed")
    assert again.pk == first.pk
    assert Message.objects.count() == 1
    assert DeliveryAttempt.objects.count() == 1


def test_running_the_task_twice_sends_once(deliver):
    message = deliver(phone="0912345678")
    assert message_deliver(message_id=message.pk) == Status.SENT
    assert message.attempts.count() == 1


def test_to_user_takes_phone_and_email_and_shows_in_their_list(deliver):
    user = UserFactory(phone="0987654321", email="Nong.Dan@example.vn")
    message = deliver(to_user=user)
    assert (message.recipient, message.phone, message.email) == (
        user,
        "+84987654321",
        "nong.dan@example.vn",
    )


def test_email_channel_reaches_those_with_an_address_and_links_to_unsubscribe(deliver, settings):
    settings.NOTIFY_CHANNELS = ["email", "console"]
    message = deliver(email="mua@example.vn")
    assert message.channel == "email"
    assert mail.outbox[0].to == ["mua@example.vn"]
    assert mail.outbox[0].subject == "Chợ Số: Đơn hàng mới"
    assert "/thong-bao/tu-choi/" in mail.outbox[0].body
    no_email = deliver(phone="0912345678")
    assert no_email.channel == "console"


def test_falls_back_to_the_next_channel_when_the_first_cannot_reach(deliver, channels):
    zalo, sms = _scripted("zalo", Outcome.FALLBACK), _scripted("sms")
    channels(zalo=zalo, sms=sms)
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.SENT, "sms")
    assert list(message.attempts.values_list("channel", "outcome")) == [
        ("zalo", Outcome.FALLBACK),
        ("sms", Outcome.SENT),
    ]


def test_provider_error_backs_off_then_sends_on_retry(deliver, channels, clock):
    sms = _scripted("sms", Outcome.RETRY, Outcome.RETRY)
    channels(sms=sms)
    message = deliver(phone="0912345678")
    assert (message.status, message.attempt_count) == (Status.QUEUED, 1)
    assert messages_retry() == 0  # not due yet
    clock.shift(dt.timedelta(seconds=61))
    assert messages_retry() == 1
    message.refresh_from_db()
    assert (message.status, message.attempt_count) == (Status.QUEUED, 2)
    clock.shift(dt.timedelta(minutes=6))
    messages_retry()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts.count() == 3


def test_after_the_last_retry_the_message_fails_and_can_be_given_new_tries(
    deliver, channels, clock, settings
):
    settings.NOTIFY_RETRY_DELAYS = (60,)
    channels(sms=_scripted("sms", Outcome.RETRY, Outcome.RETRY))
    message = deliver(phone="0912345678")
    clock.shift(dt.timedelta(seconds=61))
    messages_retry()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert messages_retry(include_failed=True) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_permanent_failure_does_not_retry_or_fall_back(deliver, channels):
    channels(sms=_scripted("sms", Outcome.FAILED), console=backends.BACKENDS["console"])
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.FAILED, "sms")
    assert message.attempts.count() == 1


def test_a_channel_that_crashes_loses_nothing(deliver, channels, monkeypatch):
    class Broken(Backend):
        name = "sms"

        def reaches(self, message):
            return True

        def deliver(self, message):
            raise RuntimeError("bug")

    channels(sms=Broken)
    message = deliver(phone="0912345678")
    assert (message.status, message.attempt_count) == (Status.QUEUED, 1)
    assert "RuntimeError" in message.attempts.get().error


def test_one_time_code_is_blanked_from_the_log_once_sent(deliver):
    message = deliver(event="otp", context={"code": "482913", "minutes": 10}, phone="0912345678")
    assert message.status == Status.SENT
    assert "482913" not in message.text
    assert message.context["code"] != "482913"
    assert message.is_essential


def test_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError):
        send(event="nope", context={}, idempotency_key="x", phone="0912345678")


def test_a_message_needs_somewhere_to_go():
    with pytest.raises(ValueError):
        send(event="order_new", context={}, idempotency_key="x")
