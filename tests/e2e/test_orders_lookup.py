"""A guest who ordered on one phone finds the order again on another."""

import pytest

from tests.e2e.conftest import PHONE, screenshot
from tests.orders.factories import make_product, place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_guest_finds_the_order_by_phone_and_number_in_another_browser(browser, live_server):
    order = place({make_product(name="Kẹo dừa Mỏ Cày", price=45_000): 2})  # 0912 345 678
    number = order.seller_orders.get().number
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Đơn hàng của tôi").click()
    assert page.get_by_text("Chưa có đơn hàng nào.").is_visible()

    page.get_by_label("Số di động đã dùng khi đặt hàng").fill("0912 345 679")
    page.get_by_label("Mã đơn").fill(number.lower())
    page.get_by_role("button", name="Tìm đơn hàng của tôi").click()
    assert page.get_by_text("Không có đơn hàng nào khớp").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "orders-lookup-360")

    page.get_by_label("Số di động đã dùng khi đặt hàng").fill("0912 345 678")
    page.get_by_label("Mã đơn").fill(number.lower())
    page.get_by_role("button", name="Tìm đơn hàng của tôi").click()
    page.wait_for_url(f"**/don-hang/{order.token}/#{number}")  # at that shop's part
    assert page.locator(f"#{number}").get_by_text("Kẹo dừa Mỏ Cày").is_visible()

    # The order now stays in this browser's list.
    page.get_by_role("link", name="Đơn hàng của tôi").click()
    assert page.get_by_role("link", name=number).is_visible()
    context.close()
