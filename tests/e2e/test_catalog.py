import io

import pytest
from PIL import Image

from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

# serialized_rollback: the category tree and home page come from data migrations.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _photo(tmp_path):
    path = tmp_path / "keo-dua.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (196, 140, 84)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_farmer_lists_a_product_officer_approves_buyer_finds_it(phone_page, browser, tmp_path):
    commune = CommuneFactory(name="Xã Mỏ Cày")
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, commune=commune, head_name="Nguyễn Văn Hùng")
    OfficerFactory(phone="+84900000002", communes=[commune])
    page = phone_page

    login(page, "0900000004")
    page.goto("/cua-hang-cua-toi/")
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_label("Tên").fill("Kẹo dừa Bến Tre")
    page.get_by_label("Danh mục").select_option(label="Thực phẩm › Bánh kẹo")
    page.get_by_label("Giá (đồng)").fill("45000")
    page.get_by_label("Đơn vị").select_option("box")
    page.get_by_label("Tồn kho").fill("50")
    page.get_by_label("Thêm ảnh").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu sản phẩm.").is_visible()
    assert page.locator(".photo-list img").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "catalog-portal-product-360")

    page.goto(f"/cua-hang-cua-toi/{seller.slug}/cua-hang/")
    page.get_by_label("Câu chuyện của chúng tôi").fill("Ba đời làm kẹo dừa ở Mỏ Cày.")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("gửi cán bộ địa bàn duyệt").is_visible()
    storefront_url = f"/cua-hang/{seller.slug}/"
    assert page.goto(storefront_url).status == 404

    officer_context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=page.url.split("/cua-hang")[0]
    )
    officer = officer_context.new_page()
    login(officer, "0900000002")
    officer.goto("/cua-hang-cua-toi/duyet-cua-hang/")
    officer.get_by_role("button", name="Duyệt và đăng").click()
    assert officer.get_by_text("Đã duyệt và đăng cửa hàng.").is_visible()
    officer_context.close()

    page.goto(storefront_url)
    assert page.get_by_text("Kẹo dừa Bến Tre").is_visible()
    screenshot(page, "catalog-storefront-360")

    buyer_context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=page.url.split("/cua-hang")[0]
    )
    buyer = buyer_context.new_page()
    buyer.goto("/san-pham/")
    buyer.get_by_placeholder("vd. keo dua, nuoc mam").fill("keo dua ben tre")
    buyer.get_by_role("button", name="Tìm kiếm").click()
    buyer.get_by_role("link", name="Kẹo dừa Bến Tre").click()
    # The width is measured once the stylesheet is in: before it, a photo has its own size.
    buyer.wait_for_load_state()
    assert buyer.get_by_text("45.000 ₫").is_visible()
    assert buyer.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(buyer, "catalog-product-360")
    buyer_context.close()
