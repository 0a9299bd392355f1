import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from marketplace.dashboard.export import dashboard_csv, dashboard_xlsx
from marketplace.dashboard.models import DashboardRefresh
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import commune_households, dashboard_figures
from tests.training.fixtures import build_area

pytestmark = pytest.mark.django_db

# 19:55 UTC is 02:55 the next day in Viet Nam: the day officers saw the export disagree.
LATE = datetime(2026, 11, 19, 19, 55, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def area(officer, commune):
    built = build_area(officer, commune)
    rollup_refresh()
    return built


def names(households) -> set:
    return {h.head_name for h in households}


def test_each_household_stands_at_one_stage(area, commune):
    h = area["h"]
    assert names(commune_households(commune=commune, stage="selling")) == {h["h1"].head_name}
    assert names(commune_households(commune=commune, stage="trained")) == {h["h2"].head_name}
    assert names(commune_households(commune=commune, stage="onboarded")) == {h["h4"].head_name}
    assert names(commune_households(commune=commune, stage="not_trained")) == names(
        [h["h3"], h["h4"], h["h5"], h["h6"]]
    )
    assert commune_households(commune=commune, stage="nonsense").count() == 6


def test_drill_down_page_filters_by_stage_and_exports_that_list(client, area, officer, commune):
    client.force_login(officer)
    page = client.get(f"/can-bo/xa/{commune.pk}/?stage=trained").content.decode()
    assert area["h"]["h2"].head_name in page and area["h"]["h1"].head_name not in page
    assert f"/can-bo/xa/{commune.pk}/xuat.csv?stage=trained" in page
    response = client.get(f"/can-bo/xa/{commune.pk}/xuat.csv?stage=trained")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Chủ hộ", "Số điện thoại"]
    assert [row[0] for row in rows[1:-2]] == [area["h"]["h2"].head_name]
    assert rows[-1][0] == "Số liệu tính đến"
    workbook = load_workbook(
        io.BytesIO(client.get(f"/can-bo/xa/{commune.pk}/xuat.xlsx?stage=not_trained").content)
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[-1][:2] == ("Số liệu tính đến", sheet_rows[-1][1])
    assert len([r for r in sheet_rows[1:-1] if r and r[0]]) == 4
    assert client.get(f"/can-bo/xa/{commune.pk}/xuat.pdf").status_code == 404


def test_exports_say_as_of_in_viet_nam_time_like_the_page(client, area, officer):
    DashboardRefresh.objects.all().delete()  # only the refresh made at LATE
    with time_machine.travel(LATE, tick=False):
        rollup_refresh()
        figures = dashboard_figures(user=officer)
        client.force_login(officer)
        page = client.get("/can-bo/").content.decode()
    assert "02:55 20/11/2026" in page
    text = dashboard_csv(figures).decode("utf-8-sig")
    assert text.strip().splitlines()[-1] == "Số liệu tính đến,02:55 20/11/2026"
    rows = list(
        load_workbook(io.BytesIO(dashboard_xlsx(figures))).active.iter_rows(values_only=True)
    )
    assert rows[-1] == ("Số liệu tính đến", "02:55 20/11/2026") + (None,) * (len(rows[-1]) - 2)


def test_drill_down_reads_a_fixed_number_of_queries(area, commune, django_assert_num_queries):
    with django_assert_num_queries(2):  # the required courses, then the households
        assert len(list(commune_households(commune=commune, stage="not_trained"))) == 4
