import pytest

from marketplace.orders.models import Order
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import PHONE, screenshot
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

# serialized_rollback keeps Wagtail's root page (made by a migration) for storefronts.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def add_to_cart(page, product):
    """What the product page's “add to cart” form posts."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/gio-hang/them/",
        form={"product": str(product.pk), "quantity": "1", "csrfmiddlewaretoken": csrf},
        headers={"X-CSRFToken": csrf},
    )
    assert response.ok


def test_buyer_orders_from_two_sellers_and_follows_the_seller(phone_page, browser, live_server):
    owner = UserFactory(phone="+84900000004", display_name="Nguyễn Văn Hùng", role="household")
    hung = make_household_seller(user=owner, head_name="Nguyễn Văn Hùng")
    tam = make_household_seller(head_name="Trần Thị Tâm")
    candy = make_product(seller=hung, name="Kẹo dừa Mỏ Cày", price=45_000)
    pomelo = make_product(seller=tam, name="Bưởi da xanh", price=60_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")

    page = phone_page
    page.goto("/dang-nhap/")
    add_to_cart(page, candy)
    add_to_cart(page, pomelo)
    page.goto("/gio-hang/")
    assert page.get_by_text("105.000 ₫").is_visible()
    screenshot(page, "orders-cart-360")
    page.get_by_role("link", name="Đặt hàng").click()
    page.get_by_label("Họ").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    page.locator("select[name=province]").select_option(str(commune.province_id))
    # checkout.js fills the communes as soon as the province changes.
    page.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    page.locator("select[name=commune]").select_option(str(commune.pk))
    assert page.get_by_label("Trả tiền mặt khi nhận hàng").is_checked()
    screenshot(page, "orders-checkout-360")
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")
    assert page.locator(".order-card").count() == 2
    assert page.locator(".status-pending").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "orders-placed-360")
    number = Order.objects.get().seller_orders.get(seller=hung).number

    seller_context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    seller = seller_context.new_page()
    seller.goto("/dang-nhap/")
    seller.get_by_label("Số di động hoặc email").fill("0900 000 004")
    seller.get_by_label("Mật khẩu").fill(PASSWORD)
    seller.get_by_role("button", name="Đăng nhập").click()
    seller.goto(f"/cua-hang-cua-toi/{hung.slug}/don-hang/")
    seller.get_by_text(number).click()
    seller.get_by_role("button", name="Xác nhận đơn").click()
    seller.get_by_role("button", name="Đã gửi hàng").click()
    assert seller.locator(".status-shipped").is_visible()
    assert seller.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(seller, "orders-seller-360")
    seller_context.close()

    page.reload()
    card = page.locator(f"#{number}")
    assert card.locator(".status").inner_text() == "Đang giao"
    assert page.locator(".status-pending").count() == 1
