"""A guest orders from a farm with Saturday-market pickup and a cooperative that ships by
courier, on a 360 px phone: fees in the cart, checkout totals, the VietQR amount read
from the QR image, and the order page."""

import io

import pytest
import zxingcpp
from PIL import Image

from marketplace.delivery.models import DeliveryOption
from marketplace.orders.models import Order
from tests.e2e.conftest import screenshot
from tests.e2e.test_orders import add_to_cart
from tests.e2e.test_orders_vietqr import bank_seller
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_sellers_pickup_and_courier_priced_from_cart_to_vietqr(phone_page):
    hung = bank_seller(
        "Nguyễn Văn Hùng", "+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG"
    )
    coop = bank_seller("Trần Thị Tâm", "+84900000005", "970405", "7300205123456", "TRAN THI TAM")
    DeliveryOption.objects.create(
        seller=hung, kind="pickup", name="Chợ phiên thứ Bảy", address="Chợ Mỏ Cày", weekdays="5"
    )
    DeliveryOption.objects.create(
        seller=coop,
        kind="courier",
        name="Giao Hàng Nhanh",
        carrier="ghn",
        weight_tiers=[{"up_to_grams": 2000, "fee": 22_000}, {"up_to_grams": 5000, "fee": 35_000}],
    )
    candy = make_product(seller=hung, name="Kẹo dừa Mỏ Cày", price=45_000)
    pomelo = make_product(seller=coop, name="Bưởi da xanh", price=60_000)
    pomelo.weight_grams = 1500
    pomelo.save()
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page = phone_page
    page.goto("/dang-nhap/")
    add_to_cart(page, candy)
    add_to_cart(page, pomelo)

    # The cart asks where the goods go, then shows what each seller charges to get there.
    page.goto("/gio-hang/")
    page.locator("#cart-province").select_option(str(commune.province_id))
    page.get_by_role("button", name="Hiện danh sách xã/phường").click()
    page.locator("#cart-commune").select_option(str(commune.pk))
    page.get_by_role("button", name="Xem phí giao hàng").click()
    page.wait_for_load_state()
    assert "Giao tới: Xã Mỏ Cày" in page.locator(".deliver-to").inner_text()
    cart = page.locator("form.cart")
    assert "Nhận tại chỗ: Chợ phiên thứ Bảy" in cart.inner_text()
    assert "22.000 ₫" in cart.inner_text()
    # 45.000 + 60.000 of goods, pickup free, courier 22.000 for 1,5 kg.
    assert "Tổng với cách giao rẻ nhất: 127.000 ₫" in page.locator(".grand-total").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "delivery-cart-360")

    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    # The commune chosen in the cart is already there, with the fees priced for it.
    assert page.locator("select[name=commune]").input_value() == str(commune.pk)
    summary = page.locator("#checkout-summary")
    assert "Phí gửi hàng do người bán đặt" in summary.inner_text()
    assert page.locator("#grand-total").inner_text() == "127.000 ₫"
    page.get_by_label("Chuyển khoản (VietQR)").check()
    screenshot(page, "delivery-checkout-360")
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")

    first, second = Order.objects.get().seller_orders.order_by("pk")
    assert (first.delivery_fee, second.delivery_fee) == (0, 22_000)
    assert "Tổng đơn hàng (2 cửa hàng): 127.000 ₫" in page.locator(".order-summary").inner_text()
    card = page.locator(f"#{second.number}")
    assert "Giao Hàng Nhanh" in card.locator(".delivery-line").inner_text()
    assert "22.000 ₫" in card.locator(".delivery-line").inner_text()
    assert "Chợ phiên thứ Bảy" in page.locator(f"#{first.number} .delivery-line").inner_text()

    # The cooperative's QR asks for the pomelos and the courier: 82.000 dong.
    with page.expect_download() as download:
        card.get_by_role("link", name="Lưu mã QR thành ảnh").click()
    image = Image.open(io.BytesIO(open(download.value.path(), "rb").read()))
    [code] = zxingcpp.read_barcodes(image)
    assert "7300205123456" in code.text and "540582000" in code.text  # tag 54: 82000
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "delivery-order-360")
