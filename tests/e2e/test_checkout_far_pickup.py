"""A buyer in Hà Nội orders, on a 360 px phone, from a Vĩnh Long farm that hands goods over
at its market or sends them by courier, and from a farm that arranges delivery by phone:
the far pickup says where, the totals count what reaches Hà Nội and leave the unknown
fee out, a pasted 500-character address is refused with a message, and the order is
found again by its own number."""

import pytest

from marketplace.delivery.models import DeliveryOption
from marketplace.orders.models import Order
from tests.e2e.conftest import PHONE, screenshot
from tests.e2e.test_orders import add_to_cart
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_far_pickup_arranged_fee_long_address_and_lookup_by_order_number(browser, phone_page):
    long_ho = CommuneFactory(name="Xã Long Hồ")  # Tỉnh Vĩnh Long
    farm = make_household_seller(head_name="Nguyễn Văn Hùng", commune=long_ho)
    DeliveryOption.objects.create(
        seller=farm, kind="pickup", name="Chợ phiên Long Hồ", address="Chợ Long Hồ", weekdays="5"
    )
    DeliveryOption.objects.create(
        seller=farm, kind="courier", name="Giao Hàng Nhanh", carrier="ghn", fee=40_000
    )
    calls = make_household_seller(head_name="Trần Thị Tâm")  # no option: arranged by phone
    candy = make_product(seller=farm, name="Kẹo dừa Mỏ Cày", price=45_000)
    rice = make_product(seller=calls, name="Gạo ST25", price=120_000)
    ba_dinh = CommuneFactory(
        name="Phường Ba Đình", province__code="01", province__name="Thành phố Hà Nội"
    )
    page = phone_page
    page.goto("/dang-nhap/")
    add_to_cart(page, candy)
    add_to_cart(page, rice)

    # The province list starts on its placeholder; pressing on without a choice says so.
    page.goto("/gio-hang/")
    province = page.locator("#cart-province")
    assert province.locator("option:checked").inner_text() == "Chọn tỉnh/thành…"
    page.get_by_role("button", name="Hiện danh sách xã/phường").click()
    assert page.get_by_role("alert").filter(has_text="Hãy chọn tỉnh/thành trước.").is_visible()
    page.locator("#cart-province").select_option(label="Thành phố Hà Nội")
    page.get_by_role("button", name="Hiện danh sách xã/phường").click()
    assert page.locator("#cart-commune option:checked").inner_text() == "Chọn xã/phường…"
    page.locator("#cart-commune").select_option(label="Phường Ba Đình")
    page.get_by_role("button", name="Xem phí giao hàng").click()
    page.wait_for_load_state()

    farm_card = page.locator("section.order-card", has_text=farm.name)
    far = farm_card.locator(".delivery-list li", has_text="Chợ phiên Long Hồ")
    assert "Xã Long Hồ, Tỉnh Vĩnh Long" in far.inner_text()
    assert "Khác tỉnh với địa chỉ của bạn" in far.inner_text()
    counted = farm_card.locator(".counted").inner_text()
    assert counted == "Tổng gồm cách giao rẻ nhất: Giao Hàng Nhanh, 40.000 ₫"
    calls_card = page.locator("section.order-card", has_text=calls.name)
    assert "Phí giao: người bán sẽ gọi để thỏa thuận" in calls_card.inner_text()
    # 45.000 + 40.000 by courier + 120.000, the phone-arranged fee left out and named.
    assert page.locator(".grand-total").inner_text() == (
        f"Tổng, chưa gồm phí giao của {calls.name}: 205.000 ₫"
    )
    screenshot(page, "checkout-far-pickup-cart-360")
    assert fits(page)

    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    address = page.locator("input[name=address]")
    assert "Tối đa 250 ký tự." in page.locator(".field-address .help").inner_text()
    pasted = "Số 12 ngõ 34 phố Đội Cấn, " * 19 + "x" * 6
    address.focus()
    page.keyboard.insert_text(pasted)  # as a paste does
    assert len(address.input_value()) == 500  # not cut by the browser
    assert page.locator("select[name=commune]").input_value() == str(ba_dinh.pk)
    summary = page.locator("#checkout-summary")
    assert "Phí giao: người bán sẽ gọi để thỏa thuận" in summary.inner_text()
    page.get_by_role("button", name="Đặt hàng").click()
    error = page.locator("#error-summary")
    assert "Dài quá: tối đa 250 ký tự, bạn đã nhập 500. Hãy viết ngắn lại." in error.inner_text()
    assert not Order.objects.exists()
    screenshot(page, "checkout-long-address-360")
    assert fits(page)

    page.locator("input[name=address]").fill("Số 12 ngõ 34 phố Đội Cấn")
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")
    order = Order.objects.get()
    by_courier, arranged = order.seller_orders.order_by("pk")
    assert by_courier.delivery_fee == 40_000
    card = page.locator(f"#{arranged.number}")
    line = card.locator(".delivery-line").inner_text()
    assert "Phí giao: người bán sẽ gọi để thỏa thuận" in line and "0 ₫" not in line
    assert "thỏa thuận cách giao thỏa thuận" not in page.content()
    assert "(chưa gồm phí giao)" in card.locator(".subtotal").inner_text()
    assert "40.000 ₫" in page.locator(f"#{by_courier.number} .delivery-line").inner_text()
    assert f"chưa gồm phí giao của {arranged.number}" in page.locator(".order-summary").inner_text()
    screenshot(page, "checkout-arranged-order-360")
    assert fits(page)

    # On another phone, the order's own number finds the whole order.
    context = browser.new_context(viewport=PHONE, base_url=page.url.split("/don-hang")[0])
    other = context.new_page()
    other.goto("/don-hang/")
    other.get_by_label("Số di động đã dùng khi đặt hàng").fill("0987654321")
    other.get_by_label("Mã đơn").fill(order.number.lower())
    other.get_by_role("button", name="Tìm đơn hàng của tôi").click()
    other.wait_for_url(f"**/don-hang/{order.token}/")
    assert other.locator(f"#{by_courier.number}").get_by_text("Kẹo dừa Mỏ Cày").is_visible()
    assert other.locator(f"#{arranged.number}").get_by_text("Gạo ST25").is_visible()
    assert order.number in other.locator("h1").inner_text()
    screenshot(other, "checkout-lookup-by-order-number-360")
    assert fits(other)
    context.close()
