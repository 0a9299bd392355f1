"""The reminder the day before a training session, on the fixed clock."""

import datetime as dt

import pytest
from django.core.management import call_command

from marketplace.notifications.models import Message, Status
from marketplace.training.models import CoursePage
from marketplace.training.reminders import training_reminders_send
from marketplace.training.services import session_create
from tests.accounts.factories import UserFactory
from tests.conftest import VIET_NAM
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

from .factories import make_course

pytestmark = pytest.mark.django_db

AFTERNOON = dt.datetime(2026, 6, 15, 17, 0, tzinfo=VIET_NAM)
NIGHT = dt.datetime(2026, 6, 15, 22, 30, tzinfo=VIET_NAM)
MORNING = dt.datetime(2026, 6, 16, 7, 0, tzinfo=VIET_NAM)


@pytest.fixture(autouse=True)
def _console_only(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""


def _session(officer, commune, on=dt.date(2026, 6, 16)):
    course = CoursePage.objects.filter(title="Bán hàng trên mạng").first()
    return session_create(
        actor=officer,
        course=course or make_course("Bán hàng trên mạng"),
        on=on,
        commune=commune,
        trainer="Chị Hoa",
    )


def test_the_households_of_the_commune_are_reminded_once_the_day_before(
    officer, commune, django_capture_on_commit_callbacks
):
    session = _session(officer, commune)
    login = UserFactory(phone="+84911111111")
    with_login = HouseholdFactory(commune=commune, user=login, phone="+84922222222")
    by_phone = HouseholdFactory(commune=commune)
    HouseholdFactory(commune=commune, phone="")  # no phone, no login: cannot be reached
    HouseholdFactory(commune=CommuneFactory())  # another commune: not invited

    with django_capture_on_commit_callbacks(execute=True):
        assert training_reminders_send(now=AFTERNOON) == 2
    with django_capture_on_commit_callbacks(execute=True):
        training_reminders_send(now=AFTERNOON)  # the timer runs twice: nothing new

    messages = Message.objects.filter(event="training_tomorrow").order_by("pk")
    assert [(m.idempotency_key, m.recipient, m.phone) for m in messages] == [
        (f"session:{session.pk}:remind:{with_login.pk}", login, "+84911111111"),
        (f"session:{session.pk}:remind:{by_phone.pk}", None, by_phone.phone),
    ]
    assert messages[0].text == (
        f"Chợ Số: mai 16/06 tập huấn Bán hàng trên mạng tại {commune.name}."
    )
    assert all(m.status == Status.SENT for m in messages)


def test_only_tomorrows_sessions_are_reminded(officer, commune):
    _session(officer, commune, on=dt.date(2026, 6, 17))
    _session(officer, commune, on=dt.date(2026, 6, 15))
    HouseholdFactory(commune=commune)
    assert training_reminders_send(now=AFTERNOON) == 0
    assert not Message.objects.exists()


def test_run_at_night_the_reminder_is_held_until_seven(
    officer, commune, clock, django_capture_on_commit_callbacks
):
    clock.move_to(NIGHT)
    _session(officer, commune)
    HouseholdFactory(commune=commune)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("training_reminders_send", stdout=open("/dev/null", "w"))
    message = Message.objects.get(event="training_tomorrow")
    assert message.status == Status.QUEUED
    assert message.next_attempt_at == MORNING
