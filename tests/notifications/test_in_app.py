"""In-app events: written to the person's list, sent by no channel, held by no policy."""

import datetime as dt

import pytest

from marketplace.notifications.events import EVENTS
from marketplace.notifications.keys import content_digest
from marketplace.notifications.models import DeliveryAttempt, Message, Status
from marketplace.notifications.services import messages_retry, optout_record, send
from tests.accounts.factories import UserFactory
from tests.conftest import VIET_NAM

pytestmark = pytest.mark.django_db

NIGHT = dt.datetime(2026, 6, 15, 23, 40, tzinfo=VIET_NAM)
ROSTER = {"new": 3, "merged": 1}


@pytest.fixture
def officer_user():
    return UserFactory(phone="0912345678", email="can.bo@example.vn")


def _notice(user, *, key="roster:1:abc", link="/can-bo/xa/7/"):
    return send(
        event="roster_imported", context=ROSTER, idempotency_key=key, to_user=user, link=link
    )


def test_in_app_notice_is_recorded_sent_in_the_app_and_queues_no_delivery(
    officer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = _notice(officer_user)
    assert callbacks == []
    message.refresh_from_db()
    assert (message.status, message.channel) == (Status.SENT, "app")
    assert message.sent_at is not None
    assert message.recipient == officer_user
    assert (message.phone, message.email) == ("", "")
    assert message.link == "/can-bo/xa/7/"
    assert "3" in message.text and "1" in message.text
    assert not message.text.startswith("Chợ Số")
    assert DeliveryAttempt.objects.count() == 0
    assert messages_retry(include_failed=True) == 0


def test_in_app_notice_needs_a_user():
    with pytest.raises(ValueError, match="needs a user"):
        send(
            event="roster_imported",
            context=ROSTER,
            idempotency_key="roster:1:abc",
            phone="0912345678",
        )
    assert not Message.objects.exists()


def test_one_key_makes_one_in_app_notice(officer_user):
    first = _notice(officer_user)
    again = _notice(officer_user)
    assert again.pk == first.pk
    assert Message.objects.count() == 1


def test_in_app_notice_is_not_held_at_night_nor_stopped_by_an_opt_out(officer_user, clock):
    clock.move_to(NIGHT)
    optout_record(address=officer_user.phone)
    optout_record(address=officer_user.email)
    message = _notice(officer_user)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.next_attempt_at is None


def test_in_app_notices_neither_count_against_nor_wait_for_the_rate_limit(
    officer_user, deliver, settings
):
    settings.NOTIFY_RATE_PER_HOUR = 2
    for n in range(3):
        _notice(officer_user, key=f"roster:1:{n}")
    sms = deliver(to_user=officer_user)
    assert sms.status == Status.SENT  # three in-app notices took none of the two slots
    deliver(to_user=officer_user)
    held = deliver(to_user=officer_user)
    assert held.status == Status.QUEUED  # the number has had its two
    late = _notice(officer_user, key="roster:1:late")
    late.refresh_from_db()
    assert late.status == Status.SENT


def test_any_event_may_carry_a_link(officer_user, deliver):
    message = deliver(to_user=officer_user, link="/cua-hang-cua-toi/ho-an/don-hang/CS1-1/")
    assert message.link == "/cua-hang-cua-toi/ho-an/don-hang/CS1-1/"
    assert message.channel == "console"


def test_in_app_events_are_plain_news_not_codes():
    in_app = [event for event in EVENTS.values() if event.in_app]
    assert {event.key for event in in_app} == {
        "roster_imported",
        "products_imported",
        "registry_imported",
        "card_refund_stuck",
    }
    assert not any(event.essential or event.secret or event.money for event in in_app)


def test_content_digest_is_stable_and_names_models_by_pk(officer_user):
    same = content_digest([{"b": 2, "a": officer_user}])
    assert same == content_digest([{"a": officer_user.pk, "b": 2}])
    assert len(same) == 16
    assert same != content_digest([{"a": officer_user.pk, "b": 3}])
