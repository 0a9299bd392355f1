"""Checkout on a phone: errors first and focused, every field kept, communes by province."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.orders.models import Order
from tests.e2e.conftest import PHONE, screenshot
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def places(db):
    here = CommuneFactory(name="Xã Mỏ Cày")
    CommuneFactory(name="Xã Chợ Lách")
    there = CommuneFactory(
        name="Xã Trùng Khánh", province__code="04", province__name="Tỉnh Cao Bằng"
    )
    return here, there


def cart_with_two_sellers(page):
    with_bank = make_household_seller(head_name="Trần Thị Tâm")
    with_bank.bank_bin, with_bank.bank_account_number = "970436", "0071000123456"
    with_bank.save()
    without = make_household_seller(head_name="Nguyễn Văn Hùng")
    for product in (
        make_product(seller=with_bank, name="Bưởi da xanh", price=60_000),
        make_product(seller=without, name="Kẹo dừa Mỏ Cày", price=45_000),
    ):
        page.goto(product.get_absolute_url())
        page.get_by_role("button", name="Thêm vào giỏ").click()
    return with_bank, without


def fill_everything(page, *, phone):
    page.get_by_label("Họ và tên").fill("Lê Thị Mai")
    page.get_by_label("Số di động").fill(phone)
    page.get_by_label("E-mail").fill("mai@example.com")
    page.get_by_label("Địa chỉ").fill("5 ấp Tân Thành")
    page.get_by_label("Ghi chú cho người bán").fill("Giao buổi sáng, gọi trước")


def assert_everything_kept(page, commune, *, phone):
    assert page.get_by_label("Họ và tên").input_value() == "Lê Thị Mai"
    assert page.get_by_label("Số di động").input_value() == phone
    assert page.get_by_label("E-mail").input_value() == "mai@example.com"
    assert page.get_by_label("Địa chỉ").input_value() == "5 ấp Tân Thành"
    assert page.get_by_label("Tỉnh/thành phố").input_value() == str(commune.province_id)
    assert page.get_by_label("Xã/phường").input_value() == str(commune.pk)
    assert page.get_by_label("Ghi chú cho người bán").input_value() == "Giao buổi sáng, gọi trước"
    assert page.get_by_label("Trả tiền mặt khi nhận hàng").is_checked()


def test_failed_checkout_keeps_every_field_and_focuses_the_error_summary(phone_page, places):
    here, there = places
    page = phone_page
    _, without = cart_with_two_sellers(page)
    page.get_by_role("link", name="Giỏ hàng").click()
    page.get_by_role("link", name="Tiến hành đặt hàng").click()

    # One seller has no bank account: with VietQR, that seller's part is cash on delivery.
    assert page.get_by_label("Chuyển khoản (VietQR)").count() == 1
    note = page.locator(".vietqr-missing")
    assert note.get_by_text(without.name, exact=False).is_visible()
    assert note.get_by_text("trả tiền mặt khi nhận hàng", exact=False).is_visible()

    # The button that reloads the page is for browsers without JavaScript.
    expect(page.get_by_role("button", name="Hiện danh sách xã/phường")).to_be_hidden()
    fill_everything(page, phone="12345")
    page.get_by_label("Tỉnh/thành phố").select_option(str(there.province_id))
    communes = page.get_by_label("Xã/phường")
    expect(communes.locator("option")).to_have_text(["Chọn xã/phường…", "Xã Trùng Khánh"])
    page.get_by_label("Tỉnh/thành phố").select_option(str(here.province_id))
    expect(communes.locator(f"option[value='{here.pk}']")).to_have_text("Xã Mỏ Cày")
    assert "Xã Trùng Khánh" not in communes.inner_text()
    communes.select_option(str(here.pk))
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_by_text("Vui lòng sửa 1 mục:").is_visible()
    assert not Order.objects.exists()
    assert_everything_kept(page, here, phone="12345")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "checkout-error-summary-360")

    summary.get_by_role("link", name="Số di động").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.get_by_label("Số di động").fill("0987 654 321")
    page.get_by_role("button", name="Đặt hàng").click()
    # The address bar keeps "#id_phone" across the redirect, as browsers do.
    page.wait_for_url(re.compile(r"/don-hang/[^/]+/"))
    order = Order.objects.get()
    assert (order.name, order.phone, order.commune_id) == ("Lê Thị Mai", "+84987654321", here.pk)
    assert order.note == "Giao buổi sáng, gọi trước"


def test_without_javascript_the_button_lists_the_communes_and_errors_come_first(
    browser, live_server, places
):
    here, there = places
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    cart_with_two_sellers(page)
    page.goto("/thanh-toan/")
    fill_everything(page, phone="0987 654 321")
    page.get_by_label("Tỉnh/thành phố").select_option(str(here.province_id))
    page.get_by_role("button", name="Hiện danh sách xã/phường").click()
    page.wait_for_load_state()
    names = page.get_by_label("Xã/phường").locator("option").all_inner_texts()
    assert "Xã Chợ Lách" in names and "Xã Mỏ Cày" in names and "Xã Trùng Khánh" not in names
    assert page.locator("#error-summary").count() == 0
    page.get_by_label("Địa chỉ").fill("")
    page.get_by_label("Xã/phường").select_option(str(here.pk))
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_load_state()

    # No script to move the focus: the summary is simply the first thing under the title.
    summary = page.locator("#error-summary")
    assert summary.get_by_role("link", name="Địa chỉ").is_visible()
    box = summary.bounding_box()
    assert box["y"] + box["height"] < PHONE["height"]
    assert page.get_by_label("Họ và tên").input_value() == "Lê Thị Mai"
    assert page.get_by_label("Xã/phường").input_value() == str(here.pk)
    screenshot(page, "checkout-error-summary-nojs-360")
    page.get_by_label("Địa chỉ").fill("5 ấp Tân Thành")
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/don-hang/*/")
    assert Order.objects.get().address == "5 ấp Tân Thành"
    context.close()
