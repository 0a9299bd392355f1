"""A buyer asks for more than there is: the cart holds what can really be bought."""

import pytest

from catalog.models import Product
from tests.e2e.conftest import screenshot
from tests.orders.factories import make_product
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_more_than_the_stock_is_capped_with_a_message_and_the_cart_follows_the_stock(
    phone_page,
):
    seller = make_household_seller(head_name="Nguyễn Văn Hùng")
    candy = make_product(seller=seller, name="Kẹo dừa Mỏ Cày", price=45_000, stock=50)
    jam = make_product(seller=seller, name="Mứt dừa", price=30_000, stock=5)
    page = phone_page

    page.goto(candy.get_absolute_url())
    page.get_by_label("Số lượng").fill("999")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    message = (
        "Chỉ còn 50 kg “Kẹo dừa Mỏ Cày”: giỏ hàng của bạn nay có 50, là số nhiều nhất có thể mua."
    )
    assert page.get_by_text(message).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "checkout-capped-message-360")
    page.goto(jam.get_absolute_url())
    page.get_by_label("Số lượng").fill("2")
    page.get_by_role("button", name="Thêm vào giỏ").click()

    page.get_by_role("link", name="Giỏ hàng").click()
    assert page.locator(f"#qty-{candy.pk}").input_value() == "50"
    assert page.get_by_text("2.310.000 ₫").first.is_visible()  # 50 × 45.000 + 2 × 30.000

    # Meanwhile other buyers take most of the candy and all the jam.
    Product.objects.filter(pk=candy.pk).update(stock=3)
    Product.objects.filter(pk=jam.pk).update(stock=0)
    page.reload()
    assert page.locator(f"#line-{candy.pk}").get_by_text("Chỉ còn 3: đã giảm từ 50").is_visible()
    assert page.locator(f"#qty-{candy.pk}").input_value() == "3"
    assert page.locator(f"#line-{jam.pk}").get_by_text("Hết hàng").is_visible()
    assert page.get_by_text("1 sản phẩm trong giỏ hàng hiện không thể mua").is_visible()
    assert page.get_by_text("135.000 ₫").first.is_visible()
    screenshot(page, "checkout-cart-capped-360")

    page.locator(f"#line-{jam.pk}").get_by_role("button", name="Xóa").click()
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    assert page.get_by_text("3 × Kẹo dừa Mỏ Cày").is_visible()
