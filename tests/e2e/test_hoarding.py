"""Stock nobody can hoard, on a 360 px phone: a stranger signs up and proves the number
with the code texted to it before ordering cash on delivery; a buyer asking for more than
one buyer may hold is told how many they can take; the cart keeps a typed quantity within
the stock."""

import logging
import re

import pytest

from marketplace.accounts.models import User
from marketplace.orders.models import Order
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, screenshot
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _real_limits(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""
    settings.ACCOUNT_OPEN_ORDERS_LIMIT = 5
    settings.BUYER_STOCK_SHARE_PERCENT = 50


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def fill_delivery(page, commune):
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    page.locator("select[name=province]").select_option(str(commune.province_id))
    page.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    page.locator("select[name=commune]").select_option(str(commune.pk))


def test_a_stranger_signs_up_proves_the_number_and_orders_cash_on_delivery(phone_page, caplog):
    caplog.set_level(logging.WARNING, logger="marketplace.notifications")
    seller = make_household_seller(head_name="Nguyễn Văn Hùng")
    candy = make_product(seller=seller, name="Kẹo dừa Mỏ Cày", price=45_000, stock=60)
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page = phone_page

    page.goto(candy.get_absolute_url())
    page.get_by_label("Số lượng").fill("2")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/dang-nhap/")
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Họ và tên").fill("Lê Thị Mai")
    page.get_by_label("Số di động").fill("0987 654 321")
    page.get_by_label("Mật khẩu").fill("dua-xiem-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()

    page.wait_for_url("**/xac-minh-so-dien-thoai/**")
    assert page.get_by_role("heading", name="Xác minh số điện thoại").is_visible()
    assert page.get_by_text("0987 654 321").is_visible()
    fits(page)
    screenshot(page, "hoard-phone-check-360")
    # Later: the account may look around and fill its cart, not order cash on delivery.
    page.get_by_role("link", name="Để sau").click()
    page.goto("/gio-hang/")
    page.get_by_role("link", name="Đặt hàng").click()
    notice = page.locator("#phone-check")
    assert notice.get_by_text("trước hết hãy xác minh số 0987 654 321").is_visible()
    fits(page)
    screenshot(page, "hoard-checkout-unverified-360")
    notice.get_by_role("link", name="Xác minh số của tôi").click()

    # The console channel printed the SMS the buyer would get.
    sms = [r.getMessage() for r in caplog.records if "(phone_check)" in r.getMessage()]
    code = re.search(r"\b(\d{6})\b", sms[-1]).group(1)
    page.get_by_label("Mã nhận qua SMS").fill(code)
    page.get_by_role("button", name="Xác minh", exact=True).click()
    page.wait_for_url("**/thanh-toan/")
    assert page.get_by_text("Đã xác minh số điện thoại").is_visible()
    assert page.locator("#phone-check").count() == 0

    fill_delivery(page, commune)
    assert page.get_by_label("Trả tiền mặt khi nhận hàng").is_checked()
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")
    order = Order.objects.get()
    assert order.buyer == User.objects.get(phone="+84987654321")
    assert order.seller_orders.get().lines.get().quantity == 2
    fits(page)


def test_a_buyer_asking_for_more_than_one_buyer_may_hold_is_told_how_many(phone_page):
    buyer = UserFactory(phone="+84987654322", display_name="Phạm Minh Anh")
    seller = make_household_seller(head_name="Trần Thị Tâm")
    pomelo = make_product(seller=seller, name="Bưởi da xanh", price=60_000, stock=40)
    commune = CommuneFactory(name="Xã Giồng Trôm")
    page = phone_page
    login(page, "0987 654 322")

    page.goto(pomelo.get_absolute_url())
    page.get_by_label("Số lượng").fill("30")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/gio-hang/")
    page.get_by_role("link", name="Đặt hàng").click()
    fill_delivery(page, commune)
    page.get_by_role("button", name="Đặt hàng").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.get_by_text(
        "Để người khác cũng mua được “Bưởi da xanh”, một người mua chỉ được đặt tối đa "
        "20 kg cho tới khi người bán xác nhận."
    ).is_visible()
    fits(page)
    screenshot(page, "hoard-share-refused-360")
    assert not Order.objects.exists()

    # Twenty is fine; then the buyer holds as much as one buyer may.
    page.goto("/gio-hang/")
    page.locator(f"#qty-{pomelo.pk}").fill("20")
    page.get_by_role("button", name="Cập nhật số lượng").last.click()
    page.get_by_role("link", name="Đặt hàng").click()
    fill_delivery(page, commune)
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_the_cart_keeps_a_typed_quantity_within_the_stock(phone_page):
    seller = make_household_seller(head_name="Võ Thị Lan")
    jam = make_product(seller=seller, name="Mứt dừa", price=30_000, stock=7)
    page = phone_page
    page.goto(jam.get_absolute_url())
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/gio-hang/")
    page.locator(f"#qty-{jam.pk}").fill("50")
    page.locator(f"#qty-{jam.pk}").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_text(
        "Chỉ còn 7 kg “Mứt dừa”: giỏ hàng của bạn nay có 7, là số nhiều nhất có thể mua."
    ).is_visible()
    assert page.locator(f"#qty-{jam.pk}").input_value() == "7"
    assert page.get_by_text("210.000 ₫").first.is_visible()
    fits(page)
    screenshot(page, "hoard-cart-capped-360")
