"""A shop page sent back for changes: the farmer hears it, corrects it, hears it is open."""

import pytest

from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.e2e.conftest import PHONE, login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_sent_back_shop_page_is_corrected_and_opened(phone_page, browser):
    commune = CommuneFactory(name="Xã Mỏ Cày")
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, commune=commune, head_name="Nguyễn Văn Hùng")
    OfficerFactory(phone="+84900000002", communes=[commune])
    page = phone_page
    edit = f"/cua-hang-cua-toi/{seller.slug}/cua-hang/"
    login(page, "0900000004")
    page.goto(edit)
    page.get_by_label("Câu chuyện của chúng tôi").fill("Kẹo dừa ngon.")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("gửi cán bộ địa bàn duyệt").is_visible()

    officer_context = browser.new_context(viewport=PHONE, base_url=page.url.split("/cua-hang")[0])
    officer = officer_context.new_page()
    login(officer, "0900000002")
    officer.goto(edit)
    officer.get_by_role("button", name="Trả lại").click()

    # The bell counts it; the list says what to do, in Vietnamese.
    page.goto("/cua-hang-cua-toi/")
    assert page.locator(".notify-count").inner_text().startswith("1")
    page.locator(".notify-link").click()
    assert page.get_by_text(f"trang cửa hàng {seller.name} cần sửa").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "storefront-sent-back-360")

    page.goto(edit)
    page.get_by_label("Câu chuyện của chúng tôi").fill("Ba đời làm kẹo dừa ở Mỏ Cày.")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("gửi cán bộ địa bàn duyệt").is_visible()  # sent again, no error

    officer.goto("/cua-hang-cua-toi/duyet-cua-hang/")
    officer.get_by_role("button", name="Duyệt và đăng").click()
    assert officer.get_by_text("Đã duyệt và đăng cửa hàng.").is_visible()
    officer_context.close()

    page.goto("/thong-bao/")
    assert page.get_by_text(f"cửa hàng {seller.name} đã được duyệt và mở bán").is_visible()
    page.goto(f"/cua-hang/{seller.slug}/")
    assert page.get_by_text("Ba đời làm kẹo dừa ở Mỏ Cày.").is_visible()
