"""The officer reads in the app what a household list added (roster_import)."""

import pytest
from django.db import transaction

from marketplace.notifications.models import Message, Status
from marketplace.onboarding.roster import roster_cells
from marketplace.onboarding.services import roster_import
from marketplace.sellers.models import Household
from tests.onboarding.test_roster import csv_bytes
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _cells(body: str) -> list[list[str]]:
    return roster_cells(name="ds.csv", data=csv_bytes(body))


@pytest.fixture
def list_of_three(commune):
    HouseholdFactory(commune=commune, phone="+84912000001", national_id="")
    return _cells(
        f"Nguyễn Văn An,0912000001,111111111111,{commune.name},\n"
        f"Trần Thị Bình,0912000002,,{commune.name},\n"
        f"Lò Văn Pao,0912000003,,{commune.name},\n"
    )


def test_the_officer_is_told_in_the_app_what_was_added_with_a_link_to_the_commune(
    officer, commune, list_of_three, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        roster_import(actor=officer, cells=list_of_three)
    notice = Message.objects.get()
    assert notice.attempts.count() == 0  # no SMS, no Zalo: the notice is the list's
    assert notice.recipient == officer
    assert (notice.event, notice.channel, notice.status) == ("roster_imported", "app", Status.SENT)
    assert notice.context == {"new": 2, "merged": 1}
    assert "2" in notice.text and "1" in notice.text
    assert notice.link == f"/can-bo/xa/{commune.pk}/"
    assert notice.phone == ""
    assert notice.idempotency_key.startswith(f"roster:{officer.pk}:")


def test_a_list_of_several_communes_links_to_the_dashboard(officer, commune):
    other = CommuneFactory(name="Xã Tân Lợi")
    officer.areas.create(commune=other)
    roster_import(
        actor=officer,
        cells=_cells(
            f"Nguyễn Văn An,0912000001,,{commune.name},\nTrần Thị Bình,0912000002,,{other.name},\n"
        ),
    )
    assert Message.objects.get().link == "/can-bo/"


def test_the_same_confirmation_twice_makes_one_notice(officer, list_of_three):
    roster_import(actor=officer, cells=list_of_three)
    again = roster_import(actor=officer, cells=list_of_three)
    assert (again.new_count, again.merge_count) == (0, 3)  # saved again, adding nobody
    notice = Message.objects.get()
    assert notice.context == {"new": 2, "merged": 1}  # the first import's, as it happened


def test_another_list_makes_another_notice(officer, commune, list_of_three):
    roster_import(actor=officer, cells=list_of_three)
    roster_import(actor=officer, cells=_cells(f"Đinh Thị Hoa,0912000009,,{commune.name},\n"))
    assert Message.objects.filter(recipient=officer).count() == 2


def test_a_rolled_back_import_leaves_no_notice(officer, list_of_three):
    with pytest.raises(RuntimeError), transaction.atomic():
        roster_import(actor=officer, cells=list_of_three)
        raise RuntimeError("the request failed after the import")
    assert Household.objects.count() == 1
    assert not Message.objects.exists()


def test_a_refused_list_saves_nothing_and_tells_nothing(officer, commune):
    check = roster_import(actor=officer, cells=_cells(f",0912000002,,{commune.name},\n"))
    assert not check.ok
    assert not Message.objects.exists()
