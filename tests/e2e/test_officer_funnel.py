"""An extension officer at 360 px: onboards a household, takes attendance on a checklist
and withdraws a tick, drills a commune down by stage and downloads that list."""

import csv
import io
from datetime import date

import pytest

from marketplace.dashboard.rollup import rollup_refresh
from marketplace.training.models import Attendance, TrainingSession, Withdrawal
from tests.accounts.factories import OfficerFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory
from tests.training.factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def kpi(page, label: str) -> str:
    return page.locator(".tr-kpi", has_text=label).inner_text()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def commune():
    return CommuneFactory(name="Xã Tân Thành")


@pytest.fixture
def officer(commune):
    return OfficerFactory(phone="+84900000002", communes=[commune])


def test_officer_onboards_a_household_and_the_dashboard_moves_at_once(phone_page, commune, officer):
    household = HouseholdFactory(commune=commune, head_name="Lò Thị Mai", phone="+84900000004")
    rollup_refresh()
    page = phone_page
    login(page, "0900 000 002")
    page.goto(f"/can-bo/?commune={commune.pk}")
    assert "0 / 1" in kpi(page, "Đã đăng ký")

    page.goto("/can-bo/")
    page.get_by_role("link", name="Xã Tân Thành").click()
    page.get_by_role("link", name="Hộ của xã này").click()
    page.get_by_role("link", name="Lò Thị Mai").click()
    page.get_by_label("Hộ đồng ý để tôi mở tài khoản và gian hàng thay cho hộ").check()
    page.get_by_label("Tên gian hàng (không bắt buộc)").fill("Chè Mai Tân Thành")
    page.get_by_role("button", name="Mở tài khoản và gian hàng").click()
    page.wait_for_load_state()
    assert page.get_by_text("Gian hàng đã mở và hiển thị").is_visible()
    log = page.locator("section", has_text="Việc đã làm thay hộ").inner_text()
    assert "Mở gian hàng" in log and "0900 000 004" in log
    assert "seller_create" not in log and "+84900000004" not in log
    screenshot(page, "officer-onboarding-360")
    assert fits(page)

    # The shop is public at once.
    shop = page.locator(".tr-shop a").first
    shop_url = shop.get_attribute("href")
    visitor = page.context.browser.new_page(base_url=page.url.split("/can-bo")[0])
    assert visitor.goto(shop_url).status == 200
    assert visitor.get_by_role("heading", name="Chè Mai Tân Thành").first.is_visible()
    visitor.close()

    page.goto(f"/can-bo/?commune={commune.pk}")
    assert "1 / 1" in kpi(page, "Đã đăng ký")
    page.goto(f"/can-bo/ho/{household.pk}/")
    page.get_by_role("link", name="Vào trang quản lý “Chè Mai Tân Thành”").click()
    assert page.get_by_role("heading", name="Chè Mai Tân Thành").is_visible()


def test_officer_ticks_attendance_on_a_checklist_and_withdraws_one(phone_page, commune, officer):
    course = make_course("Kỹ năng số cơ bản")
    for name in ("Nguyễn Văn An", "Lê Thị Cúc", "Trần Văn Dũng"):
        HouseholdFactory(commune=commune, head_name=name)
    session = TrainingSession.objects.create(
        course=course,
        date=date(2026, 6, 10),
        commune=commune,
        trainer="Cô Hồng",
        created_by=officer,
    )
    rollup_refresh()
    page = phone_page
    login(page, "0900 000 002")
    page.goto("/can-bo/buoi-hoc/")
    page.get_by_role("link", name="Kỹ năng số cơ bản").first.click()
    page.get_by_label("Nguyễn Văn An").check()
    page.get_by_label("Lê Thị Cúc").check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    assert page.get_by_text("Đã điểm danh 2 hộ có mặt.").is_visible()
    assert fits(page)
    page.goto(f"/can-bo/?commune={commune.pk}")
    assert "2 / 3" in kpi(page, "Đã đào tạo")

    page.go_back()
    row = page.locator(".tr-present", has_text="Lê Thị Cúc")
    row.get_by_text("Rút lại điểm danh này").click()
    row.get_by_label("Lý do (ví dụ: đánh dấu nhầm)").fill("Chị Cúc không đến, đánh dấu nhầm")
    row.get_by_role("button", name="Rút lại").click()
    assert page.get_by_text("Đã rút lại điểm danh của Lê Thị Cúc.").is_visible()
    assert page.locator("del", has_text="Lê Thị Cúc").is_visible()
    screenshot(page, "officer-attendance-checklist-360")
    assert fits(page)
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.withdrawn_by == officer and "nhầm" in withdrawal.reason
    assert Attendance.objects.filter(session=session).count() == 2

    page.goto(f"/can-bo/?commune={commune.pk}")
    assert "1 / 3" in kpi(page, "Đã đào tạo")


def test_officer_drills_down_by_stage_and_downloads_that_list(phone_page, commune, officer):
    course = make_course("Kỹ năng số cơ bản")
    trained = HouseholdFactory(commune=commune, head_name="Nguyễn Văn An", phone="+84912345001")
    HouseholdFactory(commune=commune, head_name="Lê Thị Cúc")
    from marketplace.training.models import Completion

    Completion.objects.create(
        household=trained,
        course=course,
        completed_on=date(2026, 6, 10),
        method="officer",
        recorded_by=officer,
    )
    rollup_refresh()
    page = phone_page
    login(page, "0900 000 002")
    page.goto(f"/can-bo/?commune={commune.pk}")
    page.get_by_role("link", name="Hộ của xã này").click()
    page.get_by_role("link", name="Đã đào tạo, chưa lên sàn").click()
    assert page.get_by_role("link", name="Nguyễn Văn An").is_visible()
    assert page.get_by_role("link", name="Lê Thị Cúc").count() == 0
    # Stacked rows: every column readable at 360 px without sideways scrolling.
    assert page.locator("td[data-label='Đã đào tạo']").first.is_visible()
    assert fits(page)
    screenshot(page, "officer-drill-down-360")
    as_of = page.get_by_text("tính đến").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách này (CSV)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Chủ hộ", "Số điện thoại"]
    assert rows[1][:3] == ["Nguyễn Văn An", "0912 345 001", ""]
    assert rows[-1][0] == "Số liệu tính đến"
    # The same Viet Nam day as the page (the time may have moved on by a minute).
    assert rows[-1][1].split(" ")[1] in as_of
