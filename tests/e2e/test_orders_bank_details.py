"""A farmer gives the bank account buyers transfer to, picking the bank by its name."""

import pytest

from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, screenshot
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_farmer_picks_the_bank_by_name(phone_page):
    owner = UserFactory(phone="+84900000004", display_name="Nguyễn Văn Hùng", role="household")
    seller = make_household_seller(user=owner, head_name="Nguyễn Văn Hùng")
    page = phone_page
    login(page, "0900 000 004")
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/")
    page.get_by_role("link", name="Liên hệ và ngân hàng").click()
    page.get_by_label("Số điện thoại liên hệ").fill("0900.000.004")
    page.get_by_label("Ngân hàng").select_option(
        label="Agribank · Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"
    )
    page.get_by_label("Số tài khoản").fill("7300205123456")
    page.get_by_label("Chủ tài khoản").fill("NGUYEN VAN HUNG")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "orders-bank-details-360")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu thông tin cửa hàng.").is_visible()
    seller.refresh_from_db()
    assert (seller.bank_bin, seller.phone) == ("970405", "+84900000004")

    # Back on the form the bank is shown by its name, not as 970405.
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/thong-tin/")
    selected = page.get_by_label("Ngân hàng").evaluate("s => s.options[s.selectedIndex].text")
    assert selected.startswith("Agribank")
    assert page.get_by_label("Số điện thoại liên hệ").input_value() == "0900 000 004"
