"""A household logs in and lands on its shop; one that forgot its password gets back in
with a code from its officer."""

import pytest

from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_household_logs_in_and_lands_on_its_shop(phone_page):
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, head_name="Nguyễn Văn Hùng")
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Số di động hoặc email").fill("0900 000 004")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/cua-hang-cua-toi/{seller.slug}/")
    assert page.get_by_role("heading", name=seller.name).is_visible()
    assert page.get_by_role("link", name="Thêm sản phẩm").is_visible()


def test_buyer_logs_in_from_the_catalog_and_stays_there(phone_page):
    UserFactory(phone="+84900000003")
    page = phone_page
    page.goto("/san-pham/")
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Số di động hoặc email").fill("0900000003")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/san-pham/")


def test_household_resets_its_password_with_a_code_from_its_officer(phone_page, browser):
    commune = CommuneFactory(name="Xã Mỏ Cày")
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, commune=commune, head_name="Nguyễn Văn Hùng")
    OfficerFactory(phone="+84900000002", communes=[commune])
    page = phone_page

    # The household has forgotten its password: the login page says what to do.
    page.goto("/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    assert page.get_by_text("hãy nhờ cán bộ khuyến nông").is_visible()
    screenshot(page, "accounts-forgotten-360")

    # Its officer issues a code from the household's page.
    officer_context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=page.url.split("/quen-mat-khau")[0]
    )
    officer = officer_context.new_page()
    login(officer, "0900000002")
    officer.goto(f"/can-bo/ho/{seller.household.pk}/")
    officer.get_by_role("button", name="Cấp mã dùng một lần mới").click()
    code = officer.locator(".tr-big").inner_text().strip()
    officer_context.close()
    assert len(code) == 6

    page.get_by_role("link", name="Tôi đã có mã").click()
    page.get_by_label("Số di động").fill("0900 000 004")
    page.get_by_label("Mã do cán bộ cung cấp").fill(code)
    page.get_by_label("Mật khẩu mới").fill("dua-xiem-2026")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    page.wait_for_url(f"**/cua-hang-cua-toi/{seller.slug}/")
    assert page.get_by_role("heading", name=seller.name).is_visible()

    # The old password no longer works; the new one does.
    page.context.clear_cookies()
    login(page, "0900000004")
    assert page.get_by_text("Sai số điện thoại, email hoặc mật khẩu").is_visible()
    page.get_by_label("Số di động hoặc email").fill("0900000004")
    page.get_by_label("Mật khẩu").fill("dua-xiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/cua-hang-cua-toi/{seller.slug}/")
