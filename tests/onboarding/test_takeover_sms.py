"""The takeover code also goes to the household's phone: one essential message a code."""

import pytest

from marketplace.notifications.models import Message, Status
from marketplace.onboarding.services import onboarding_assist, takeover_code_issue
from tests.sellers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _console(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""


def test_the_code_goes_to_the_household_once_and_essential(
    officer, commune, django_capture_on_commit_callbacks
):
    household = HouseholdFactory(commune=commune, phone="+84912111222")
    with django_capture_on_commit_callbacks(execute=True):
        _seller, code = onboarding_assist(actor=officer, household=household, consent=True)
    message = Message.objects.get(event="takeover_code")
    household.refresh_from_db()
    assert (message.recipient, message.phone) == (household.user, "+84912111222")
    assert message.is_essential and message.status == Status.SENT
    assert code not in message.text  # delivered, then blanked out of the log
    # Besides the code, only the news that its shop is open (the officer approved it).
    assert sorted(Message.objects.values_list("event", flat=True)) == [
        "storefront_approved",
        "takeover_code",
    ]


def test_a_fresh_code_is_a_fresh_message(officer, commune, django_capture_on_commit_callbacks):
    household = HouseholdFactory(commune=commune, phone="+84912111333")
    with django_capture_on_commit_callbacks(execute=True):
        onboarding_assist(actor=officer, household=household, consent=True)
        household.refresh_from_db()
        takeover_code_issue(actor=officer, household=household)
    keys = Message.objects.filter(event="takeover_code").values_list("idempotency_key", flat=True)
    assert len(set(keys)) == 2
