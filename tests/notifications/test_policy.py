"""Consent, the quiet night and per-number rate limits, on the fixed clock."""

import datetime as dt

import pytest

from marketplace.notifications.models import Message, OptOut, Status
from marketplace.notifications.policy import quiet_until
from marketplace.notifications.services import message_deliver, messages_retry, optout_record
from tests.conftest import VIET_NAM

pytestmark = pytest.mark.django_db

NIGHT = dt.datetime(2026, 6, 15, 22, 15, tzinfo=VIET_NAM)
MORNING = dt.datetime(2026, 6, 16, 7, 0, tzinfo=VIET_NAM)


@pytest.mark.parametrize(
    ("local", "until"),
    [
        ((15, 20, 59), None),
        ((15, 21, 0), (16, 7)),
        ((15, 23, 59), (16, 7)),
        ((16, 0, 30), (16, 7)),
        ((16, 6, 59), (16, 7)),
        ((16, 7, 0), None),
    ],
)
def test_quiet_hours_run_from_21_to_7_viet_nam_time(local, until):
    day, hour, minute = local
    now = dt.datetime(2026, 6, day, hour, minute, tzinfo=VIET_NAM).astimezone(dt.UTC)
    expected = dt.datetime(2026, 6, until[0], until[1], tzinfo=VIET_NAM) if until else None
    assert quiet_until(now) == expected


def test_order_alert_at_night_is_held_until_seven_not_dropped(deliver, clock):
    clock.move_to(NIGHT)
    message = deliver(phone="0912345678")
    assert message.status == Status.QUEUED
    assert message.next_attempt_at == MORNING
    assert message.attempts.count() == 0
    assert messages_retry() == 0
    clock.move_to(MORNING + dt.timedelta(minutes=1))
    assert messages_retry() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_one_time_code_goes_at_once_at_night(deliver, clock):
    clock.move_to(NIGHT)
    message = deliver(event="otp", context={"code": "123456", "minutes": 10}, phone="0912345678")
    assert message.status == Status.SENT


def test_opted_out_number_gets_no_order_news_but_still_gets_codes(deliver):
    optout_record(address="+84912345678")
    news = deliver(phone="0912345678")
    assert (news.status, news.last_error) == (Status.SUPPRESSED, "opted out")
    assert news.attempts.count() == 0
    code = deliver(event="takeover_code", context={"code": "654321"}, phone="0912345678")
    assert code.status == Status.SENT


def test_opt_out_by_email_is_case_blind(deliver):
    optout_record(address="Mua@Example.vn")
    assert OptOut.objects.get().address == "mua@example.vn"
    assert deliver(email="MUA@example.vn").status == Status.SUPPRESSED


def test_busy_number_is_held_past_the_rate_limit_and_released_an_hour_later(
    deliver, settings, clock
):
    settings.NOTIFY_RATE_PER_HOUR = 2
    first = deliver(phone="0912345678")
    deliver(phone="0912345678")
    third = deliver(phone="0912345678")
    other_number = deliver(phone="0987654321")
    assert other_number.status == Status.SENT
    assert third.status == Status.QUEUED
    assert third.next_attempt_at == first.sent_at + dt.timedelta(hours=1)
    clock.shift(dt.timedelta(hours=1, seconds=1))
    messages_retry()
    third.refresh_from_db()
    assert third.status == Status.SENT


def test_a_flood_of_codes_to_one_number_is_dropped(deliver, settings):
    settings.NOTIFY_RATE_PER_HOUR = 3
    sent = [
        deliver(event="otp", context={"code": f"00000{n}", "minutes": 10}, phone="0912345678")
        for n in range(5)
    ]
    assert [m.status for m in sent] == [Status.SENT] * 3 + [Status.SUPPRESSED] * 2
    assert Message.objects.filter(last_error="rate limit").count() == 2


def test_a_held_message_is_not_delivered_by_an_early_task_run(deliver, clock):
    clock.move_to(NIGHT)
    message = deliver(phone="0912345678")
    assert message_deliver(message_id=message.pk) == Status.QUEUED
    assert message.attempts.count() == 0


def test_a_backend_that_can_wait_gets_the_held_delivery_for_seven(
    settings, clock, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from marketplace.notifications.services import send

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    clock.move_to(NIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        message = send(
            event="order_shipped",
            context={"number": "CS1-1"},
            idempotency_key="so:1:shipped",
            phone="0912345678",
        )
    assert message_deliver(message_id=message.pk) == Status.QUEUED
    first, held = default_task_backend.results
    assert (first.args, first.task.run_after) == ([message.pk], None)
    assert (held.args, held.task.run_after) == ([message.pk], MORNING)
