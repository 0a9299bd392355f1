"""A farmer on a 360 px phone sets how goods reach buyers, typing money as they write it,
then ships an order with the courier's tracking number, which the buyer then sees."""

import pytest

from marketplace.delivery.models import DeliveryOption
from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from tests.e2e.conftest import PHONE, login, screenshot
from tests.e2e.test_seller_portal import _farmer
from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_farmer_adds_own_delivery_typed_25_000_then_ships_with_a_tracking_number(phone_page):
    farmer, seller = _farmer()
    page = phone_page
    login(page, "0900 000 004")
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/")
    # No option yet: the shop's home says so and links to the page that adds one.
    assert "Chưa có cách giao hàng" in page.content()
    page.get_by_role("link", name="Thêm cách giao hàng").first.click()
    page.get_by_role("link", name="Thêm: Người bán tự giao").click()
    page.get_by_label("Tên người mua thấy").fill("Giao tận nhà trong tỉnh")
    page.get_by_label("Phí giao mỗi đơn (đồng)").fill("25.000")
    page.get_by_label("Miễn phí cho đơn từ (đồng)").fill("300k")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    option = DeliveryOption.objects.get(seller=seller)
    assert (option.fee, option.free_above) == (25_000, 300_000)
    listed = page.locator(".delivery-option-list").inner_text()
    assert "25.000 ₫, miễn phí từ 300.000 ₫" in listed
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "delivery-options-360")

    product = make_product(seller=seller, price=50_000)
    order = place({product: 1}, commune=CommuneFactory())
    so = order.seller_orders.get()
    assert so.delivery_fee == 25_000
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=farmer)
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/don-hang/{so.number}/")
    page.get_by_label("Đơn vị vận chuyển").fill("Viettel Post")
    page.get_by_label("Mã vận đơn").fill("VTP123456")
    page.get_by_role("button", name="Đã gửi hàng", exact=True).click()
    page.wait_for_load_state()
    so.refresh_from_db()
    assert so.status == OrderStatus.SHIPPED
    page.goto(f"/don-hang/{order.token}/")
    line = page.locator(f"#{so.number} .delivery-line").inner_text()
    assert "Viettel Post" in line and "VTP123456" in line and "25.000 ₫" in line
