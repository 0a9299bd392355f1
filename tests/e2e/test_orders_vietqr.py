"""A guest pays two shops by VietQR from a phone: what they see and what they can do."""

import io

import pytest
import zxingcpp
from PIL import Image

from marketplace.orders.models import Order
from tests.e2e.conftest import screenshot
from tests.e2e.test_orders import add_to_cart
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def bank_seller(name, phone, bank_bin, account, holder):
    seller = make_household_seller(head_name=name)
    seller.phone = phone
    seller.bank_bin, seller.bank_account_number, seller.bank_account_name = (
        bank_bin,
        account,
        holder,
    )
    seller.save()
    return seller


def checkout(page, commune, method_label):
    page.goto("/gio-hang/")
    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    page.locator("select[name=province]").select_option(str(commune.province_id))
    show = page.get_by_role("button", name="Hiện danh sách xã/phường")
    if show.is_visible():  # without JavaScript; with it, checkout.js fills the communes
        show.click()
    page.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    page.locator("select[name=commune]").select_option(str(commune.pk))
    page.get_by_label(method_label).check()
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")


def test_guest_pays_two_shops_by_vietqr(phone_page):
    hung = bank_seller(
        "Nguyễn Văn Hùng", "+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG"
    )
    coop = bank_seller("Trần Thị Tâm", "+84900000005", "970405", "7300205123456", "TRAN THI TAM")
    candy = make_product(seller=hung, name="Kẹo dừa Mỏ Cày", price=45_000)
    pomelo = make_product(seller=coop, name="Bưởi da xanh", price=60_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto("/dang-nhap/")  # any form page gives the csrf cookie that add_to_cart needs
    add_to_cart(page, candy)
    add_to_cart(page, pomelo)
    page.goto("/gio-hang/")
    # The guest's header, cart count and orders link included, stays one line at 360 px.
    links = page.locator(".site-header .nav > a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops
    checkout(page, commune, "Chuyển khoản (VietQR)")

    first, second = Order.objects.get().seller_orders.order_by("pk")
    summary = page.locator(".order-summary")
    assert "Tổng đơn hàng (2 cửa hàng): 105.000 ₫" in summary.inner_text()
    assert "Còn phải chuyển khoản: 105.000 ₫" in summary.inner_text()
    card = page.locator(f"#{first.number}")
    assert card.get_by_role("link", name="0900 000 004").get_attribute("href") == "tel:+84900000004"
    assert page.locator(f"#{second.number}").get_by_text("0900 000 005").is_visible()
    lines = card.locator(".transfer > div")
    assert [lines.nth(i).locator("dt").inner_text() for i in range(lines.count())] == [
        "Ngân hàng",
        "Số tài khoản",
        "Chủ tài khoản",
        "Số tiền",
        "Nội dung chuyển khoản",
    ]
    assert card.locator(".transfer").get_by_text("Vietcombank", exact=True).is_visible()
    assert page.locator(f"#{second.number} .transfer").get_by_text("Agribank").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "orders-vietqr-360")

    # The account number, copied with its button, is what the banking app gets pasted.
    card.get_by_role("button", name="Sao chép: Số tài khoản").click()
    assert page.evaluate("navigator.clipboard.readText()") == "0071000123456"
    assert card.get_by_role("button", name="Sao chép: Số tài khoản").inner_text() == "Đã chép"
    card.get_by_role("button", name="Sao chép: Nội dung chuyển khoản").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"TT {first.number}"

    # The QR saved as an image opens in the banking app: it holds the same transfer.
    with page.expect_download() as download:
        card.get_by_role("link", name="Lưu mã QR thành ảnh").click()
    assert download.value.suggested_filename == f"VietQR-{first.number}.png"
    image = Image.open(io.BytesIO(open(download.value.path(), "rb").read()))
    [code] = zxingcpp.read_barcodes(image)
    card.locator("summary", has_text="Mã QR dạng chữ").click()
    assert code.text == card.locator("textarea.payload").input_value()
    assert "0071000123456" in code.text and "540545000" in code.text  # tag 54: 45000 dong
    assert violations == []

    # The buyer changes their mind about the pomelos: that shop's order is cancelled,
    # the other one still waits for its transfer.
    other = page.locator(f"#{second.number}")
    other.get_by_text("Hủy đơn này…").click()
    other.get_by_label("Lý do (không bắt buộc, người bán sẽ thấy)").fill("Đặt nhầm")
    other.get_by_role("button", name=f"Đúng, hủy đơn {second.number}").click()
    page.wait_for_load_state()
    other = page.locator(f"#{second.number}")
    assert other.locator(".status-cancelled").is_visible()
    assert other.locator(".transfer").count() == 0
    assert "Tổng đơn hàng (1 cửa hàng): 45.000 ₫" in page.locator(".order-summary").inner_text()
    assert "Còn phải chuyển khoản: 45.000 ₫" in page.locator(".order-summary").inner_text()
    assert page.locator(f"#{first.number} .transfer").is_visible()
    screenshot(page, "orders-vietqr-cancelled-360")


def test_without_javascript_the_details_are_there_to_select(browser, live_server):
    hung = bank_seller(
        "Nguyễn Văn Hùng", "+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG"
    )
    product = make_product(seller=hung, name="Kẹo dừa Mỏ Cày", price=45_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        base_url=live_server.url,
        locale="vi-VN",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/dang-nhap/")
    add_to_cart(page, product)
    checkout(page, commune, "Chuyển khoản (VietQR)")
    assert page.get_by_role("button", name="Sao chép: Số tài khoản").count() == 0
    assert page.locator(".copy-value", has_text="0071000123456").is_visible()
    assert page.get_by_role("link", name="Lưu mã QR thành ảnh").is_visible()
    context.close()
