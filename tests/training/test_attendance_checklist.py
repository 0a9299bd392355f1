from datetime import date

import pytest

from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import dashboard_figures, household_funnel
from marketplace.training.errors import TrainingError
from marketplace.training.models import Attendance, Completion, Withdrawal
from marketplace.training.services import (
    attendance_record_many,
    attendance_withdraw,
    session_create,
)
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

from .factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(officer, commune):
    return session_create(
        actor=officer,
        course=make_course(),
        on=date(2026, 6, 10),
        commune=commune,
        trainer="Chị Hoa",
    )


def trained(officer, commune) -> int:
    return dashboard_figures(user=officer, commune=commune).communes[0].counts["trained"]


def test_checklist_marks_many_at_once_and_a_withdrawn_tick_stays_on_record(
    client, officer, commune, session, django_capture_on_commit_callbacks
):
    a, b, c = (HouseholdFactory(commune=commune) for _ in range(3))
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/can-bo/buoi-hoc/{session.pk}/", {"household": [a.pk, b.pk]})
    assert response.status_code == 302
    assert Completion.objects.filter(session=session, withdrawn=False).count() == 2
    assert trained(officer, commune) == 2
    attendance = Attendance.objects.get(session=session, household=b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/can-bo/buoi-hoc/{session.pk}/",
            {"action": "withdraw", "attendance": attendance.pk, "reason": "Đánh dấu nhầm"},
        )
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.withdrawn_by == officer and withdrawal.reason == "Đánh dấu nhầm"
    assert withdrawal.completion.household == b and withdrawal.completion.withdrawn
    # Nothing deleted: both ticks and both completions are still there.
    assert Attendance.objects.filter(session=session).count() == 2
    assert Completion.objects.filter(session=session).count() == 2
    assert trained(officer, commune) == 1
    assert household_funnel(household=b).trained is None
    page = client.get(f"/can-bo/buoi-hoc/{session.pk}/").content.decode()
    assert "Đánh dấu nhầm" in page and "<del>" in page
    # The right tick can be given again later.
    with django_capture_on_commit_callbacks(execute=True):
        attendance_record_many(actor=officer, session=session, household_ids=[b.pk, c.pk])
    assert trained(officer, commune) == 3


def test_withdrawal_needs_a_reason_and_happens_once(officer, commune, session):
    household = HouseholdFactory(commune=commune)
    (attendance,) = attendance_record_many(
        actor=officer, session=session, household_ids=[household.pk]
    )
    with pytest.raises(TrainingError, match="lý do"):
        attendance_withdraw(actor=officer, attendance=attendance, reason="  ")
    attendance_withdraw(actor=officer, attendance=attendance, reason="Nhầm hộ")
    with pytest.raises(TrainingError):
        attendance_withdraw(actor=officer, attendance=attendance, reason="Lần nữa")
    assert Withdrawal.objects.count() == 1


def test_a_household_of_another_commune_in_the_checklist_saves_nothing(
    client, officer, commune, session
):
    ours = HouseholdFactory(commune=commune)
    theirs = HouseholdFactory(commune=CommuneFactory())
    client.force_login(officer)
    response = client.post(
        f"/can-bo/buoi-hoc/{session.pk}/", {"household": [ours.pk, theirs.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not Attendance.objects.exists()
    assert "danh sách" in response.content.decode()


def test_empty_or_garbled_checklist_is_refused_in_vietnamese(client, officer, session):
    client.force_login(officer)
    for data in ({}, {"household": "abc"}, {"household": "9" * 30}):
        response = client.post(f"/can-bo/buoi-hoc/{session.pk}/", data, follow=True)
        assert response.status_code == 200
        assert "Đánh dấu ít nhất một hộ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_sheet_reads_a_fixed_number_of_queries(
    officer, commune, session, django_assert_num_queries
):
    from marketplace.training.selectors import session_attendance_sheet

    households = [HouseholdFactory(commune=commune) for _ in range(6)]
    attendances = attendance_record_many(
        actor=officer, session=session, household_ids=[h.pk for h in households[:4]]
    )
    attendance_withdraw(actor=officer, attendance=attendances[0], reason="Nhầm")
    rollup_refresh()
    with django_assert_num_queries(2):
        sheet = session_attendance_sheet(session=session)
    assert len(sheet["roster"]) == 6 and len(sheet["present"]) == 3 and len(sheet["withdrawn"]) == 1
