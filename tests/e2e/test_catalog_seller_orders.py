"""The seller's order list at 360 px: its state tabs and "Cũ hơn" / "Mới hơn" links
(built with {% querystring %}, dead when written "?{% querystring %}")."""

import pytest

from marketplace.orders.states import seller_order_transition
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login
from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_seller_follows_state_tabs_and_pages_of_orders(phone_page):
    farmer = UserFactory(phone="+84900000004", role="household")
    seller = make_household_seller(user=farmer)
    product = make_product(seller=seller, stock=1000)
    commune = CommuneFactory()
    orders = [place({product: 1}, commune=commune) for _ in range(33)]
    for order in orders[:3]:
        seller_order_transition(
            seller_order=order.seller_orders.get(), to_status="confirmed", actor=farmer
        )
    numbers = {o.seller_orders.get().number for o in orders}
    page = phone_page
    login(page, "0900000004")
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/don-hang/")

    def shown():
        return set(page.locator(".order-card .order-head strong").all_inner_texts())

    first = shown()
    assert len(first) == 30
    page.get_by_role("link", name="Cũ hơn →").click()
    page.wait_for_load_state()
    assert "??" not in page.url
    second = shown()
    assert len(second) == 3 and first | second == numbers
    page.get_by_role("link", name="← Mới hơn").click()
    page.wait_for_load_state()
    assert shown() == first

    tabs = page.get_by_role("navigation", name="Lọc theo trạng thái")
    tabs.get_by_role("link", name="Đã xác nhận").click()
    page.wait_for_load_state()
    assert "status=confirmed" in page.url and "page=" not in page.url
    assert len(shown()) == 3
    tabs.get_by_role("link", name="Chờ xác nhận").click()
    page.wait_for_load_state()
    assert len(shown()) == 30
    assert page.get_by_role("link", name="Cũ hơn →").count() == 0
    tabs.get_by_role("link", name="Tất cả").click()
    page.wait_for_load_state()
    assert len(shown()) == 30 and "status" not in page.url
