import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from marketplace.dashboard.export import dashboard_csv, dashboard_xlsx
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import Rate, dashboard_figures, household_funnel
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory
from tests.training.fixtures import build_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(officer, commune):
    data = build_area(officer, commune)
    rollup_refresh()
    return data


def test_rate_is_shown_with_the_vietnamese_comma_and_english_point():
    assert str(Rate(424, 586)) == "424 / 586 = 72,4 %"
    assert Rate(1, 6).percent == "16,7 %"
    assert Rate(0, 0).percent == "–"
    with override("en"):
        assert Rate(1, 8).percent == "12.5%"


def test_funnel_states_and_dates(area):
    h = area["h"]
    now = timezone.now()
    f1 = household_funnel(household=h["h1"])
    assert f1.registered == h["h1"].user.date_joined
    assert f1.trained == timezone.localdate() - timedelta(days=3)  # the last required course
    assert f1.onboarded == area["p1"].created_at
    assert abs((f1.selling - (now - timedelta(days=10))).total_seconds()) < 5
    f2 = household_funnel(household=h["h2"])
    assert f2.trained == area["two_months_ago"] and f2.onboarded is None and f2.selling is None
    f3 = household_funnel(household=h["h3"])
    assert f3.registered is None and f3.trained is None
    f4 = household_funnel(household=h["h4"])
    assert f4.onboarded is not None and f4.selling is None  # delivered 100 days ago


def test_rates_match_the_hand_counted_area(area, officer, commune):
    figures = dashboard_figures(user=officer)
    total = figures.total
    assert total.roster == 8
    assert [str(total.rates[s]) for s in ("registered", "trained", "onboarded", "selling")] == [
        "2 / 8 = 25,0 %",
        "3 / 8 = 37,5 %",
        "2 / 8 = 25,0 %",
        "1 / 8 = 12,5 %",
    ]
    assert total.products_ocop == 1  # p1; p4's certificate has expired, p2 is a draft
    by_commune = {row.commune.pk: row for row in figures.communes}
    assert set(by_commune) == {commune.pk, area["commune_b"].pk}
    a = by_commune[commune.pk]
    assert str(a.rates["trained"]) == "2 / 6 = 33,3 %"
    assert str(a.rates["selling"]) == "1 / 6 = 16,7 %"
    b = by_commune[area["commune_b"].pk]
    assert str(b.rates["trained"]) == "1 / 2 = 50,0 %"


def test_month_by_month_series(area, officer, commune):
    from marketplace.sellers.models import Household

    Household.objects.update(registered_at=timezone.now() - timedelta(days=200))
    rollup_refresh()
    series = dashboard_figures(user=officer, commune=commune).series
    assert len(series) == 12
    assert [p["roster"] for p in series[-6:]] == [6] * 6
    # h2 was trained two months ago, h1 three days ago.
    assert series[-4]["trained"] == 0
    assert series[-2]["trained"] == 1
    assert series[-1]["trained"] == 2
    # h4's delivery 100 days ago counted as selling in the months whose 90 days hold it.
    assert series[-1]["selling"] == 1


def test_dashboard_reads_a_fixed_number_of_queries(area, officer, django_assert_num_queries):
    with django_assert_num_queries(5):
        dashboard_figures(user=officer)
    for _ in range(30):
        HouseholdFactory(commune=area["commune_b"])
    rollup_refresh()
    with django_assert_num_queries(5):
        dashboard_figures(user=officer)


def test_officer_never_sees_households_outside_the_area(client, area, officer):
    client.force_login(officer)
    page = client.get("/can-bo/")
    assert page.status_code == 200
    assert area["commune_c"].name not in page.text
    assert "3 / 8" in page.text and "37,5 %" in page.text
    c = area["commune_c"].pk
    assert client.get(f"/can-bo/?commune={c}").status_code == 404
    assert client.get(f"/can-bo/xa/{c}/").status_code == 404
    assert client.get(f"/can-bo/ho/{area['outside'][0].pk}/").status_code == 404
    assert client.get(f"/can-bo/xuat.csv?commune={c}").status_code == 404
    export = client.get("/can-bo/xuat.csv").content.decode("utf-8-sig")
    assert area["commune_c"].name not in export


def test_provincial_admin_sees_the_province(client, area, commune):
    admin = OfficerFactory(role="admin", provinces=[commune.province])
    client.force_login(admin)
    figures = dashboard_figures(user=admin)
    # CommuneFactory puts every test commune in the same province: all three count.
    assert figures.total.roster == 11


def test_buyers_and_visitors_cannot_open_the_dashboard(client, area):
    assert client.get("/can-bo/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/can-bo/").status_code == 403


def test_drill_down_lists_households_with_their_funnel(client, area, officer, commune):
    client.force_login(officer)
    page = client.get(f"/can-bo/xa/{commune.pk}/")
    assert page.status_code == 200
    assert area["h"]["h1"].head_name in page.text
    assert area["outside"][0].head_name not in page.text
    detail = client.get(f"/can-bo/?commune={commune.pk}")
    assert "2 / 6" in detail.text and "33,3 %" in detail.text and "<svg" in detail.text


def test_csv_export_has_the_dashboard_figures(area, officer, commune):
    rows = list(
        csv.reader(io.StringIO(dashboard_csv(dashboard_figures(user=officer)).decode("utf-8-sig")))
    )
    assert rows[0][:4] == ["Xã/phường", "Mã", "Số hộ trong danh sách", "Đã đăng ký"]
    by_name = {row[0]: row for row in rows[1:] if row}
    a = by_name[commune.name]
    assert a[2:] == ["6", "2", "33,3 %", "2", "33,3 %", "2", "33,3 %", "1", "16,7 %", "1"]
    assert by_name["Tổng cộng"][2:6] == ["8", "2", "25,0 %", "3"]


def test_xlsx_export_has_the_dashboard_figures(area, officer):
    workbook = load_workbook(io.BytesIO(dashboard_xlsx(dashboard_figures(user=officer))))
    rows = list(workbook.active.iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "Tổng cộng")
    assert total[2:7] == (8, 2, 25, 3, 37.5)
    assert total[-1] == 1  # OCOP products online


def test_new_commune_with_no_area_shows_nothing(client):
    lonely = OfficerFactory(communes=[CommuneFactory()])
    client.force_login(lonely)
    page = client.get("/can-bo/")
    assert page.status_code == 200
    assert "chưa có hộ nào" in page.text


def test_the_provinces_reported_figure_is_rounded_half_up():
    # 424 / 586 = 72.355 %: the hand-made report said 72.3 %; rounded it is 72.4 %.
    from django.utils import translation

    from marketplace.dashboard.selectors import Rate

    with translation.override("vi"):
        assert str(Rate(424, 586)) == "424 / 586 = 72,4 %"
    with translation.override("en"):
        assert Rate(424, 586).percent == "72.4%"


def test_month_series_on_the_first_day_of_a_month(clock, officer, commune):
    """On 1 December, h1's course of three days ago (28 November) belongs to November."""
    from tests.conftest import VIET_NAM

    clock.move_to(datetime(2026, 12, 1, 7, 0, tzinfo=VIET_NAM))
    build_area(officer, commune)
    rollup_refresh()
    series = dashboard_figures(user=officer, commune=commune).series
    assert series[-1]["month"] == date(2026, 12, 1)
    # h2 was trained on 30 September (62 days before), h1 on 28 November.
    assert [p["trained"] for p in series[-5:]] == [0, 1, 1, 2, 2]


def test_the_month_follows_viet_nam_time_not_utc(clock, officer, commune):
    """At 00:30 on 1 December in Viet Nam it is still 30 November in UTC: a completion
    recorded then counts in December, the month the officer sees on the wall."""
    from marketplace.training.services import completion_record
    from tests.conftest import VIET_NAM
    from tests.training.factories import make_course

    clock.move_to(datetime(2026, 12, 1, 0, 30, tzinfo=VIET_NAM))
    household = HouseholdFactory(commune=commune)
    course = make_course("Kỹ năng số cơ bản")
    completion_record(actor=officer, household=household, course=course, on=timezone.localdate())
    rollup_refresh()
    series = dashboard_figures(user=officer, commune=commune).series
    assert timezone.now().astimezone(UTC).day == 30
    assert series[-1]["month"] == date(2026, 12, 1)
    assert series[-1]["trained"] == 1 and series[-2]["trained"] == 0
