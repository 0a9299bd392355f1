"""An officer imports a household list and reads under the bell what it did, at 360 px."""

import re

import pytest

from tests.accounts.factories import OfficerFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The Vietnamese of the notice and of its link (marketplace/notifications/events.py,
# notifications/list.html).
NOTICE = "Đã nhập danh sách: 2 hộ mới, 1 hộ bổ sung."
OPEN = "Xem"


def test_officer_imports_a_list_and_follows_the_notice_to_the_commune(phone_page, tmp_path):
    commune = CommuneFactory(name="Xã Tân Thành")
    OfficerFactory(phone="+84900000002", communes=[commune])
    HouseholdFactory(commune=commune, phone="+84912000001", head_name="Nguyễn Văn An")
    page = phone_page
    login(page, "0900 000 002")
    page.goto("/can-bo/danh-sach/nhap/")
    assert page.locator(".notify-count").count() == 0

    filled = tmp_path / "danh-sach.csv"
    filled.write_text(
        "Chủ hộ,Số điện thoại,CCCD,Xã,Loại hình\n"
        "Nguyễn Văn An,0912000001,111111111111,Tân Thành,\n"
        "Trần Thị Bình,0912000002,,Tân Thành,\n"
        "Lò Văn Pao,0912000003,,Tân Thành,\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Lưu các hộ này").click()
    page.wait_for_load_state()

    # The bell counts the notice; the list says what the file did, in Vietnamese.
    assert page.locator(".notify-count").inner_text().startswith("1")
    page.locator(".notify-link").click()
    assert page.get_by_text(NOTICE).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "import-notice-360")

    page.get_by_role("link", name=OPEN).click()
    page.wait_for_load_state()
    assert re.search(rf"/can-bo/xa/{commune.pk}/$", page.url)
    assert page.get_by_role("heading", name="Các hộ của Xã Tân Thành").is_visible()
    assert page.get_by_role("link", name="Lò Văn Pao").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
