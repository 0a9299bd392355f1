"""A recalled lot's product cannot be bought from any page a buyer can reach."""

import pytest

from cms.models import StorefrontPage
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import screenshot
from tests.orders.factories import make_product
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_lot
from traceability.services import lot_recall

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASON = "Mẫu kiểm tra có độ ẩm cao, nguy cơ nấm mốc"


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_recalled_lots_product_cannot_be_bought_from_any_page(phone_page):
    farmer = UserFactory(role="household")
    seller = make_household_seller(user=farmer, head_name="Lê Văn Hà")
    StorefrontPage.objects.get(seller=seller).get_latest_revision().publish()
    recalled = make_product(seller=seller, name="Bánh tráng Tam Quan", stock=50)
    sound = make_product(seller=seller, name="Kẹo dừa Mỏ Cày", stock=50)
    lot = make_lot(product=recalled, actor=farmer)
    page = phone_page

    # Before the recall the buyer puts it in the cart, as anyone would.
    page.goto(recalled.get_absolute_url())
    page.get_by_role("button", name="Thêm vào giỏ").click()
    assert page.get_by_text("Đã thêm “Bánh tráng Tam Quan” vào giỏ hàng.").is_visible()
    # A second tab keeps the product page as it was before the recall.
    stale = page.context.new_page()
    stale.goto(recalled.get_absolute_url())

    lot_recall(lot=lot, actor=farmer, reason=REASON)

    for url in ("/", "/san-pham/", f"/cua-hang/{seller.slug}/"):
        page.goto(url)
        assert page.get_by_role("link", name="Kẹo dừa Mỏ Cày").first.is_visible(), url
        assert page.get_by_text("Bánh tráng Tam Quan").count() == 0, url
        fits_the_phone(page)

    page.goto("/san-pham/?q=banh trang")
    assert page.get_by_text("Bánh tráng Tam Quan").count() == 0

    page.goto(recalled.get_absolute_url())
    notice = page.locator(".recall-notice")
    assert notice.get_by_text("Sản phẩm đang bị thu hồi: hiện không thể mua.").is_visible()
    assert notice.get_by_text(REASON).is_visible()
    assert page.get_by_role("button", name="Thêm vào giỏ").count() == 0
    fits_the_phone(page)
    screenshot(page, "checkout-recalled-product-360")
    notice.get_by_role("link", name="Xem lô hàng bị thu hồi").click()
    page.wait_for_url(f"**/t/{lot.code}/")
    assert page.get_by_text("ĐÃ THU HỒI").first.is_visible()

    # The page opened before the recall still has the button: the cart refuses.
    stale.get_by_role("button", name="Thêm vào giỏ").click()
    assert stale.get_by_text(
        "“Bánh tráng Tam Quan” đang bị thu hồi: hiện không thể mua."
    ).is_visible()
    stale.close()

    # The cart says so before checkout, and checkout sends the buyer back to it.
    page.get_by_role("link", name="Giỏ hàng").click()
    line = page.locator(f"#line-{recalled.pk}")
    assert line.get_by_text("Đang bị thu hồi: không thể mua").is_visible()
    assert page.get_by_text("1 sản phẩm trong giỏ hàng hiện không thể mua").is_visible()
    assert page.get_by_role("link", name="Tiến hành đặt hàng").count() == 0
    fits_the_phone(page)
    screenshot(page, "checkout-cart-recalled-360")
    page.goto("/thanh-toan/")
    page.wait_for_url("**/gio-hang/")
    assert page.get_by_text("Một số sản phẩm trong giỏ hàng hiện không thể mua").is_visible()

    # Removing it, the buyer can go on with the rest.
    line.get_by_role("button", name="Xóa").click()
    page.goto(sound.get_absolute_url())
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.get_by_role("link", name="Giỏ hàng").click()
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.wait_for_url("**/thanh-toan/")
    assert page.get_by_text("Kẹo dừa Mỏ Cày").is_visible()
