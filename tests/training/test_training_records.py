import pytest
from django.utils import timezone

from marketplace.training.errors import TrainingError
from marketplace.training.models import Attendance, Completion
from marketplace.training.services import (
    attendance_record,
    completion_record,
    session_create,
)
from tests.accounts.factories import OfficerFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory
from tests.training.factories import make_course

pytestmark = pytest.mark.django_db


def test_attendance_completes_the_course_once(officer, commune):
    course = make_course()
    session = session_create(
        actor=officer, course=course, on=timezone.localdate(), commune=commune, trainer="Cô Lan"
    )
    household = HouseholdFactory(commune=commune)
    attendance_record(actor=officer, session=session, household=household)
    attendance_record(actor=officer, session=session, household=household)
    assert Attendance.objects.count() == 1
    completion = Completion.objects.get()
    assert completion.method == "attendance" and completion.recorded_by == officer
    assert completion.session == session and completion.completed_on == session.date


def test_training_records_outside_the_area_are_refused(officer):
    course = make_course()
    with pytest.raises(TrainingError):
        session_create(
            actor=officer,
            course=course,
            on=timezone.localdate(),
            commune=CommuneFactory(),
            trainer="A",
        )
    other_officer = OfficerFactory(communes=[CommuneFactory()])
    household = HouseholdFactory()
    with pytest.raises(TrainingError):
        completion_record(
            actor=other_officer, household=household, course=course, on=timezone.localdate()
        )


def test_attendance_page_searches_without_diacritics(client, officer, commune):
    course = make_course()
    session = session_create(
        actor=officer, course=course, on=timezone.localdate(), commune=commune, trainer="Cô Lan"
    )
    hoa = HouseholdFactory(commune=commune, head_name="Lê Thị Hoà")
    HouseholdFactory(commune=CommuneFactory(), head_name="Lê Thị Hoà Khác")
    client.force_login(officer)
    page = client.get(f"/can-bo/buoi-hoc/{session.pk}/?q=le thi hoa")
    assert "Lê Thị Hoà" in page.text and "Khác" not in page.text
    response = client.post(f"/can-bo/buoi-hoc/{session.pk}/?q=hoa", {"household": hoa.pk})
    assert response.status_code == 302
    assert Completion.objects.filter(household=hoa, course=course).exists()


def test_training_records_cannot_be_deleted(officer, commune):
    course = make_course()
    completion = completion_record(
        actor=officer,
        household=HouseholdFactory(commune=commune),
        course=course,
        on=timezone.localdate(),
    )
    with pytest.raises(PermissionError):
        completion.delete()
    assert Completion.objects.count() == 1
