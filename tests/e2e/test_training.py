import pytest
from django.utils import timezone

from marketplace.dashboard.rollup import rollup_refresh
from tests.accounts.factories import PASSWORD, OfficerFactory
from tests.e2e.conftest import screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory
from tests.training.factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def trained_kpi(page) -> str:
    return page.locator(".tr-kpi", has_text="Đã đào tạo").inner_text()


def test_officer_imports_a_roster_takes_attendance_and_sees_the_rate_change(phone_page, tmp_path):
    commune = CommuneFactory(name="Xã Tân Thành")
    OfficerFactory(phone="+84900000002", communes=[commune])
    make_course("Kỹ năng số cơ bản")
    HouseholdFactory(commune=commune, head_name="Trần Thị Bé")
    rollup_refresh()
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(
        "Chủ hộ,Số điện thoại,CCCD,Xã,Loại hình\n"
        "Nguyễn Văn An,0912 345 001,,Tân Thành,Trồng trọt\n"
        "Lê Thị Cúc,0912345002,079123456789,Xã Tân Thành,Cây ăn quả\n",
        encoding="utf-8",
    )
    page = phone_page
    page.goto("/dang-nhap/")
    page.get_by_label("Số di động hoặc email").fill("0900 000 002")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")

    page.goto(f"/can-bo/?commune={commune.pk}")
    assert "0 / 1" in trained_kpi(page)

    # Import: check the file, see the preview, save.
    page.goto("/can-bo/danh-sach/nhap/")
    page.set_input_files("input[type=file]", str(roster))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert page.get_by_text("2 hộ mới").is_visible()
    screenshot(page, "training-import-preview-360")
    page.get_by_role("button", name="Lưu các hộ này").click()
    page.wait_for_url("**/can-bo/")
    assert page.get_by_text("Đã thêm 2 hộ").is_visible()

    # A session, then attendance found by a name typed without accents.
    page.goto("/can-bo/buoi-hoc/")
    page.get_by_label("Khoá học").select_option(label="Kỹ năng số cơ bản")
    page.get_by_label("Ngày").fill(timezone.localdate().isoformat())
    page.get_by_label("Địa điểm (xã)").select_option(label="Xã Tân Thành")
    page.get_by_label("Giảng viên").fill("Cô Hồng")
    page.get_by_role("button", name="Tạo và điểm danh").click()
    page.wait_for_url("**/can-bo/buoi-hoc/*/")
    page.get_by_placeholder("Tên (gõ không dấu cũng được) hoặc số điện thoại").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_label("Nguyễn Văn An").check()
    page.get_by_role("button", name="Lưu điểm danh").click()
    assert page.get_by_text("Đã điểm danh 1 hộ có mặt.").is_visible()
    screenshot(page, "training-attendance-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"/can-bo/?commune={commune.pk}")
    kpi = trained_kpi(page)
    assert "1 / 3" in kpi and "33,3 %" in kpi
    screenshot(page, "training-dashboard-360")
