"""A buyer orders; the seller, signed up by phone, sees the bell count it on a 360 px
phone, reads the new order in /thong-bao/, and the console channel holds the SMS."""

import pytest

from marketplace.accounts.models import Role
from marketplace.notifications.models import Message, Status
from marketplace.orders.models import Order
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import PHONE, login, screenshot
from tests.e2e.test_orders import add_to_cart
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _console_channel(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""


def _checkout(page, product, commune) -> None:
    page.goto("/dang-nhap/")
    add_to_cart(page, product)
    page.goto("/thanh-toan/")
    page.get_by_label("Họ").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    page.locator("select[name=province]").select_option(str(commune.province_id))
    page.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    page.locator("select[name=commune]").select_option(str(commune.pk))
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")


def test_seller_sees_the_badge_reads_the_order_and_gets_the_sms(browser, live_server):
    farmer = UserFactory(phone="+84900000021", role=Role.HOUSEHOLD, email="")
    seller = make_household_seller(user=farmer, phone="+84900000021")
    product = make_product(seller=seller, name="Kẹo dừa Mỏ Cày", price=45_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")

    buyer_context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    _checkout(buyer_context.new_page(), product, commune)
    buyer_context.close()
    number = Order.objects.get().seller_orders.get().number

    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    login(page, "0900 000 021")
    page.goto("/san-pham/")
    bell = page.locator("a.notify-link")
    assert bell.is_visible()
    assert bell.locator(".notify-count").inner_text().startswith("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "notifications-badge-360")
    bell.click()
    page.wait_for_url("**/thong-bao/")
    item = page.locator("li.unread")
    assert item.count() == 1
    assert "Đơn hàng mới" in item.inner_text()
    assert number in item.inner_text() and "45.000 ₫" in item.inner_text()
    screenshot(page, "notifications-order-new-360")
    context.close()

    message = Message.objects.get(event="order_new")
    assert message.text == f"Chợ Số: đơn mới {number}, 45.000 ₫. Vào Cửa hàng để xác nhận."
    assert (message.phone, message.channel, message.status) == (
        "+84900000021",
        "console",
        Status.SENT,
    )
