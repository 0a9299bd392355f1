import pytest

from tests.accounts.factories import OfficerFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_fills_the_template_and_sees_which_rows_were_merged(phone_page, tmp_path):
    commune = CommuneFactory(name="Xã Tân Thành")
    OfficerFactory(phone="+84900000002", communes=[commune])
    HouseholdFactory(commune=commune, phone="+84912000001", head_name="Nguyễn Văn An")
    page = phone_page
    login(page, "0900 000 002")
    page.goto("/can-bo/danh-sach/nhap/")

    # The officer downloads the CSV template, as they would to fill it in.
    with page.expect_download() as download:
        page.get_by_role("link", name="Mẫu (CSV)").click()
    template = tmp_path / "mau.csv"
    download.value.save_as(template)
    header = template.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Chủ hộ,Số điện thoại")

    filled = tmp_path / "danh-sach.csv"
    filled.write_text(
        header + "\n"
        "Nguyen Van Anh,0912000001,,Tân Thành,\n"
        "Trần Thị Bình,0912000002,,Tân Thành,\n"
        "Trần Thị Bính,0912 000 002,222222222222,Tân Thành,\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    merged = page.locator(".tr-merged")
    assert merged.get_by_text("dòng 4 (Trần Thị Bính) gộp vào dòng 3", exact=False).is_visible()
    # A row matching a household already on the roster shows both names.
    assert page.get_by_text("danh sách giữ “Nguyễn Văn An”", exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The preview's rows stack on a phone: nothing hides in a sideways-scrolling table.
    table = page.locator(".tr-table").bounding_box()
    assert table["x"] + table["width"] <= 360
    screenshot(page, "officer-roster-merged-360")
