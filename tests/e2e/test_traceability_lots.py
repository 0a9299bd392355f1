import datetime as dt

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, screenshot
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_lot, make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_farmer_taps_anywhere_on_a_lot_and_counts_a_planting_in_seedlings(phone_page):
    farmer = UserFactory(phone="+84900000004", display_name="Nguyễn Văn Hùng", role="household")
    seller = make_household_seller(user=farmer, head_name="Nguyễn Văn Hùng")
    lot = make_lot(product=make_product(seller=seller, name="Bưởi da xanh"), lot_number="B-7")
    page = phone_page
    login(page, "0900 000 004")

    page.goto(f"/cua-hang-cua-toi/{seller.slug}/lo-hang/")
    # The row is one link: tapping its second line (not the product's name) opens the lot.
    page.get_by_text("Lô B-7").click()
    page.wait_for_url(f"**/lo-hang/{lot.pk}/")

    page.get_by_role("link", name="Gieo trồng", exact=True).click()
    when = (timezone.localtime() - dt.timedelta(days=60)).strftime("%Y-%m-%dT07:00")
    page.locator("#id_occurred_at").fill(when)
    page.get_by_label("Số lượng").fill("250")
    page.get_by_label("Tính theo").select_option(label="cây giống")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu.").is_visible()
    assert page.locator(".timeline").get_by_text("250 cây giống").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "trace-planting-seedlings-360")

    page.goto(f"/t/{lot.code}/")
    assert page.locator(".timeline").get_by_text("250 cây giống").is_visible()
    assert page.locator(".timeline").get_by_text("250 kg").count() == 0
