"""A buyer on a phone bounds the price the way they write it, pastes a long search,
misspells one, pages through a big shop, and sees a product sold out the moment it is."""

import pytest

from cms.models import StorefrontPage
from tests.catalog.factories import ProductFactory
from tests.e2e.conftest import PHONE, screenshot
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASTED = (
    "Kẹo dừa Bến Tre Mỏ Cày loại ngon nhất, tôi muốn mua hai hộp gửi về Hà Nội cho mẹ, "
    "giao trước Tết được không shop ơi, nếu được thì gói giấy đỏ giúp mình với, cảm ơn "
    "shop nhiều lắm, mình sẽ giới thiệu cho bạn bè cùng mua nữa nhé, chúc shop buôn bán "
    "đắt hàng, năm mới an khang thịnh vượng, vạn sự như ý nhé shop ơi!!"
)


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def set_price_up_to(page, typed):
    page.get_by_text("Lọc và sắp xếp").click()
    page.get_by_label("Giá đến").fill(typed)
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_load_state()


def test_the_price_is_typed_as_people_write_it_and_its_chip_removes_it(phone_page):
    ProductFactory(name="Kẹo dừa", price=90_000)
    ProductFactory(name="Mật ong", price=100_000)
    ProductFactory(name="Bưởi da xanh", price=110_000)
    page = phone_page
    page.goto("/san-pham/")
    for typed in ("100.000", "100k"):
        set_price_up_to(page, typed)
        grid = page.locator(".product-grid")
        assert grid.get_by_text("Kẹo dừa").is_visible() and grid.get_by_text("Mật ong").is_visible()
        assert grid.get_by_text("Bưởi da xanh").count() == 0
        assert page.get_by_role("link", name="Bỏ bộ lọc: Đến 100.000 ₫").is_visible()
        assert page.get_by_text("3 sản phẩm").count() == 0
        # The box shows the amount as the list used it.
        assert page.get_by_label("Giá đến").input_value() == "100.000"
    assert fits_the_phone(page)
    screenshot(page, "catalog-price-chip-360")

    page.get_by_role("link", name="Bỏ bộ lọc: Đến 100.000 ₫").click()
    assert page.locator(".product-grid").get_by_text("Bưởi da xanh").is_visible()
    assert page.locator(".active-filters").count() == 0

    set_price_up_to(page, "abc")
    assert page.get_by_text("“abc” không phải là số tiền").is_visible()
    assert page.locator(".product-grid").get_by_text("Bưởi da xanh").is_visible()
    screenshot(page, "catalog-price-not-understood-360")


def test_a_pasted_paragraph_searches_its_first_words_and_a_misspelling_offers_names(
    phone_page,
):
    ProductFactory(name="Kẹo dừa Bến Tre Mỏ Cày")
    ProductFactory(name="Nước mắm Tam Quan")
    page = phone_page
    page.goto("/san-pham/")
    box = page.get_by_placeholder("vd. keo dua, nuoc mam")
    box.fill(PASTED)
    page.get_by_role("button", name="Tìm kiếm").click()
    assert page.get_by_text("Tìm với “Kẹo dừa Bến Tre Mỏ Cày” (đã rút gọn").is_visible()
    assert box.input_value() == "Kẹo dừa Bến Tre Mỏ Cày"
    assert page.locator(".product-grid").get_by_text("Kẹo dừa Bến Tre Mỏ Cày").is_visible()
    assert page.locator(".product-grid").get_by_text("Nước mắm Tam Quan").count() == 0
    assert fits_the_phone(page)
    screenshot(page, "catalog-search-shortened-360")

    box = page.get_by_placeholder("vd. keo dua, nuoc mam")
    box.fill("keo duaa ben tre")
    page.get_by_role("button", name="Tìm kiếm").click()
    assert page.get_by_text("Không có sản phẩm phù hợp").is_visible()
    suggestion = page.locator(".names-near").get_by_role("link", name="Kẹo dừa Bến Tre Mỏ Cày")
    assert suggestion.is_visible()
    assert fits_the_phone(page)
    screenshot(page, "catalog-names-near-360")
    suggestion.click()
    assert page.locator(".product-grid").get_by_text("Kẹo dừa Bến Tre Mỏ Cày").is_visible()
    assert page.get_by_text("1 sản phẩm", exact=True).is_visible()


def test_a_big_shop_is_paged_like_the_catalog(phone_page):
    seller = make_household_seller(head_name="Nguyễn Văn Hùng")
    StorefrontPage.objects.get(seller=seller).save_revision().publish()
    for n in range(30):
        ProductFactory(seller=seller, name=f"Kẹo dừa số {n:02d}")
    page = phone_page
    page.goto(f"/cua-hang/{seller.slug}/")
    assert page.get_by_text("Kẹo dừa số 00").is_visible()
    assert page.get_by_text("Kẹo dừa số 29").count() == 0
    assert page.get_by_text("Trang 1 / 2").is_visible()
    page.get_by_role("link", name="Trang sau").click()
    assert page.get_by_text("Trang 2 / 2").is_visible()
    assert page.get_by_text("Kẹo dừa số 29").is_visible()
    assert page.get_by_text("Kẹo dừa số 00").count() == 0
    assert fits_the_phone(page)
    screenshot(page, "storefront-page-2-360")


def test_a_product_bought_out_in_another_session_shows_sold_out_on_reload(
    phone_page, browser, live_server
):
    seller = make_household_seller(head_name="Trần Thị Tâm")
    pomelo = make_product(seller=seller, name="Bưởi da xanh Bến Tre", price=60_000, stock=1)
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page = phone_page
    page.goto(pomelo.get_absolute_url())
    assert page.get_by_text("Còn hàng: 1").is_visible()

    other = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    buyer = other.new_page()
    buyer.goto(pomelo.get_absolute_url())
    buyer.get_by_role("button", name="Thêm vào giỏ").click()
    buyer.goto("/gio-hang/")
    buyer.get_by_role("link", name="Đặt hàng").click()
    buyer.get_by_label("Họ").fill("Lê Thị Mai")
    buyer.locator("input[name=phone]").fill("0987 654 321")
    buyer.locator("input[name=address]").fill("5 ấp Tân Thành")
    buyer.locator("select[name=province]").select_option(str(commune.province_id))
    buyer.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    buyer.locator("select[name=commune]").select_option(str(commune.pk))
    buyer.get_by_role("button", name="Đặt hàng").click()
    buyer.wait_for_url("**/don-hang/*/")
    other.close()

    page.reload()
    assert page.get_by_text("Hết hàng").is_visible()
    assert page.get_by_text("Còn hàng").count() == 0
    assert page.get_by_role("button", name="Thêm vào giỏ").count() == 0
    assert fits_the_phone(page)
    screenshot(page, "product-sold-out-360")
    page.goto("/san-pham/")
    assert page.locator(".tile").get_by_text("Hết hàng").is_visible()
