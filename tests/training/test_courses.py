import pytest
from wagtail.models import Page

from cms.services import site_root_ensure
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import dashboard_figures
from marketplace.training.models import Completion, CourseIndexPage, CoursePage
from marketplace.training.services import completion_record
from tests.accounts.factories import UserFactory
from tests.sellers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    home = site_root_ensure()
    index = home.add_child(instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc"))
    return index.add_child(
        instance=CoursePage(
            title="Kỹ năng số cơ bản",
            slug="ky-nang-so-co-ban",
            required_for_trained=True,
            lessons=[
                ("text", "<p>Bài 1: dùng Zalo</p>"),
                ("video", {"title": "Xem video", "url": "https://example.org/v"}),
            ],
        )
    )


def test_course_page_is_readable_and_a_household_confirms_it_online(client, course, commune):
    user = UserFactory(role="household")
    household = HouseholdFactory(commune=commune, user=user)
    client.force_login(user)
    page = client.get(course.url)
    assert page.status_code == 200
    assert "Bài 1: dùng Zalo" in page.text and "Tôi đã học xong tất cả bài" in page.text
    assert "Khoá học" in client.get(course.get_parent().url).text
    response = client.post(f"/khoa-hoc/{course.pk}/hoan-thanh/")
    assert response.status_code == 302
    completion = Completion.objects.get(household=household)
    assert completion.method == "online"
    assert "Bạn đã hoàn thành khoá học này" in client.get(course.url).text


def test_course_index_lives_under_the_home_page(course):
    assert CourseIndexPage.parent_page_types == ["cms.HomePage"]
    assert [m.__name__ for m in CourseIndexPage.allowed_subpage_models()] == ["CoursePage"]
    assert isinstance(course.get_parent().get_parent().specific, Page)


def test_a_completion_refreshes_the_commune_figures_after_commit(
    course, officer, commune, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    household = HouseholdFactory(commune=commune)
    rollup_refresh()
    assert dashboard_figures(user=officer).total.counts["trained"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        completion_record(
            actor=officer, household=household, course=course, on=timezone.localdate()
        )
    assert dashboard_figures(user=officer).total.counts["trained"] == 1


def test_refresh_dashboard_command_rebuilds_the_rollup(officer, commune):
    from io import StringIO

    from django.core.management import call_command

    from marketplace.dashboard.models import DashboardRefresh, DashboardRollup

    HouseholdFactory(commune=commune)
    out = StringIO()
    call_command("refresh_dashboard", stdout=out)
    assert "1 communes" in out.getvalue()
    assert DashboardRollup.objects.filter(commune=commune).count() == 12
    assert DashboardRefresh.objects.count() == 1
    assert dashboard_figures(user=officer).total.roster == 1


def test_partial_refresh_in_a_new_month_refreshes_every_commune(officer, commune):
    from datetime import timedelta

    from django.utils import timezone

    from tests.regions.factories import CommuneFactory

    other = CommuneFactory()
    from marketplace.accounts.models import OfficerArea

    OfficerArea.objects.create(user=officer, commune=other)
    HouseholdFactory(commune=commune)
    HouseholdFactory(commune=other)
    rollup_refresh(now=timezone.now() - timedelta(days=40))
    rollup_refresh(commune_ids=[commune.pk])
    assert {row.commune for row in dashboard_figures(user=officer).communes} == {commune, other}
