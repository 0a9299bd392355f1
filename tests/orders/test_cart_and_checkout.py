"""The cart holds only what can be bought; checkout keeps what the buyer typed."""

import re

import pytest
from django.urls import reverse

from catalog.models import Product
from marketplace.orders import selectors
from marketplace.orders.models import CartItem, Order, SellerOrder
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product
from tests.orders.test_views import add, checkout_data, seen_state
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_lot
from traceability.services import lot_recall

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def recall(product):
    officer = UserFactory(role="officer")
    lot = make_lot(product=product, actor=officer)
    lot_recall(lot=lot, actor=officer, reason="Nhiễm nấm mốc")
    product.refresh_from_db()
    return lot


# --- adding ---------------------------------------------------------------------------


def test_adding_more_than_the_stock_is_capped_at_the_stock_with_a_message(client):
    product = make_product(stock=50, name="Kẹo dừa")
    response = add(client, product, 999)
    assert client.session["cart"] == {str(product.pk): 50}
    page = client.get(response["Location"]).content.decode()
    assert "Chỉ còn 50 kg “Kẹo dừa”: giỏ hàng của bạn nay có 50" in page


def test_adding_again_never_goes_past_the_stock(client):
    product = make_product(stock=5)
    add(client, product, 3)
    response = client.post(
        reverse("orders:cart_add"), {"product": product.pk, "quantity": 4}, follow=True
    )
    assert client.session["cart"] == {str(product.pk): 5}
    assert any("Chỉ còn 5" in m for m in messages_of(response))


def test_a_signed_in_buyers_cart_is_capped_too(client):
    user = UserFactory()
    client.force_login(user)
    product = make_product(stock=7)
    add(client, product, 20)
    assert CartItem.objects.get(user=user).quantity == 7


def test_a_recalled_product_cannot_be_added_and_the_buyer_is_told_why(client):
    product = make_product(name="Bánh tráng")
    recall(product)
    response = client.post(
        reverse("orders:cart_add"), {"product": product.pk, "quantity": 1}, follow=True
    )
    assert client.session.get("cart", {}) == {}
    assert "“Bánh tráng” đang bị thu hồi: hiện không thể mua." in messages_of(response)


def test_a_sold_out_product_cannot_be_added(client):
    product = make_product(stock=0, name="Mứt dừa")
    response = client.post(
        reverse("orders:cart_add"), {"product": product.pk, "quantity": 1}, follow=True
    )
    assert client.session.get("cart", {}) == {}
    assert "“Mứt dừa” đã hết hàng." in messages_of(response)


# --- the cart page --------------------------------------------------------------------


def test_the_cart_shows_what_can_really_be_bought(client):
    capped, sold_out, recalled, fine = (
        make_product(stock=10, price=10_000, name="Bưởi"),
        make_product(stock=10, price=20_000, name="Chôm chôm"),
        make_product(stock=10, price=30_000, name="Bánh tráng"),
        make_product(stock=10, price=40_000, name="Hạt dẻ"),
    )
    for product in (capped, sold_out, recalled, fine):
        add(client, product, 8)
    Product.objects.filter(pk=capped.pk).update(stock=3)
    Product.objects.filter(pk=sold_out.pk).update(stock=0)
    recall(recalled)

    page = client.get(reverse("orders:cart")).content.decode()
    assert "2 sản phẩm trong giỏ hàng hiện không thể mua" in page
    assert "Chỉ còn 3: đã giảm từ 8" in page
    assert f'name="qty-{capped.pk}" value="3"' in page
    assert "Hết hàng" in page and "Đang bị thu hồi: không thể mua" in page
    assert f'name="qty-{recalled.pk}"' not in page
    assert "350.000 ₫" in page  # 3 × 10.000 + 8 × 40.000, nothing for the blocked lines
    assert "Tiến hành đặt hàng" not in page

    response = client.get(reverse("orders:checkout"), follow=True)
    assert response.redirect_chain == [(reverse("orders:cart"), 302)]
    assert "Một số sản phẩm trong giỏ hàng hiện không thể mua: xem bên dưới." in messages_of(
        response
    )


def test_the_cart_button_says_it_goes_on_to_checkout(client):
    add(client, make_product())
    page = client.get(reverse("orders:cart")).content.decode()
    assert f'href="{reverse("orders:checkout")}">Tiến hành đặt hàng</a>' in page


def test_cart_groups_is_one_query_however_many_sellers(django_assert_num_queries):
    items = {make_product(seller=make_household_seller()).pk: 2 for _ in range(5)}
    with django_assert_num_queries(1):
        groups = selectors.cart_groups(items=items)
        assert sum(line.quantity for g in groups for line in g.lines) == 10


def test_cart_page_query_count_is_fixed(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    for _ in range(6):
        CartItem.objects.create(user=user, product=make_product(), quantity=1)
    # session + user, cart items, products with sellers, header count, saved addresses,
    # the provinces of the "deliver to" picker
    with django_assert_max_num_queries(7):
        assert client.get(reverse("orders:cart")).status_code == 200


def test_the_header_shows_how_many_products_are_in_the_cart(client):
    add(client, make_product())
    add(client, make_product(), 3)
    page = client.get(reverse("orders:cart")).content.decode()
    assert re.search(r'class="cart-link">Giỏ hàng<span class="cart-count">2<span', page)


def test_the_header_count_gives_an_anonymous_visitor_no_session(client):
    response = client.get(reverse("orders:cart"))
    assert "cart-count" not in response.content.decode()
    assert "sessionid" not in response.cookies


# --- checkout -------------------------------------------------------------------------


def test_a_failed_checkout_keeps_every_field_and_lists_the_errors_first(client):
    seller = make_household_seller()
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()
    add(client, make_product(seller=seller))
    commune = CommuneFactory()
    data = checkout_data(
        commune,
        client,
        phone="12345",
        email="mai@example.com",
        payment_method="vietqr",
        address="",
    )
    response = client.post(reverse("orders:checkout"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Order.objects.exists()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'tabindex="-1"' in page.split('id="error-summary"')[0][-200:] + summary[:60]
    assert "Vui lòng sửa 2 mục:" in summary
    assert 'href="#id_phone"' in summary and 'href="#id_address"' in summary
    assert page.index('id="error-summary"') < page.index('class="card summary"')
    assert 'value="Lê Thị Mai"' in page and 'value="12345"' in page
    assert 'value="mai@example.com"' in page
    assert f'<option value="{commune.province_id}" selected>' in page
    assert f'<option value="{commune.pk}" selected>' in page
    assert "Giao buổi sáng</textarea>" in page
    assert re.search(r'value="vietqr"[^>]*checked', page)


def test_the_province_button_keeps_every_field_too(client):
    add(client, make_product())
    commune = CommuneFactory()
    data = checkout_data(commune, client, email="mai@example.com", commune="")
    data["pick_province"] = "1"
    page = client.post(reverse("orders:checkout"), data).content.decode()
    for value in ('value="Lê Thị Mai"', 'value="0987 654 321"', 'value="mai@example.com"'):
        assert value in page
    assert "Giao buổi sáng</textarea>" in page and "error-summary" not in page
    assert f'<option value="{commune.pk}">{commune.name}</option>' in page


def test_a_recall_between_cart_and_order_refuses_the_order_and_keeps_the_fields(client):
    product = make_product(name="Bánh tráng")
    add(client, product)
    data = checkout_data(CommuneFactory(), client)
    recall(product)
    response = client.post(reverse("orders:checkout"), data, follow=True)
    assert not Order.objects.exists()
    assert response.redirect_chain == [(reverse("orders:cart"), 302)]
    assert "Đang bị thu hồi: không thể mua" in response.content.decode()


def test_communes_of_a_province_as_json(client):
    commune = CommuneFactory()
    other = CommuneFactory(province__code="04", province__name="Tỉnh Cao Bằng")
    url = reverse("orders:checkout_communes")
    data = client.get(url, {"province": commune.province_id}).json()
    assert data == {"communes": [{"id": commune.pk, "name": commune.name}]}
    assert other.name not in str(data)
    for bad in ("", "x", "0", "99999999"):
        response = client.get(url, {"province": bad})
        assert response.status_code == 200 and response.json() == {"communes": []}
    assert client.get(url, {"province": "1\x00"}).status_code == 400


def test_vietqr_says_which_sellers_part_is_cash_on_delivery(client):
    with_bank = make_household_seller(head_name="Trần Thị Tâm")
    with_bank.bank_bin, with_bank.bank_account_number = "970436", "0071000123456"
    with_bank.save()
    without = make_household_seller(head_name="Nguyễn Văn Hùng")
    add(client, make_product(seller=with_bank))
    add(client, make_product(seller=without))
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'value="vietqr"' in page
    note = page.split('class="help vietqr-missing"')[1].split("</p>")[0]
    assert without.name in note and with_bank.name not in note
    assert "trả tiền mặt khi nhận hàng" in note

    data = checkout_data(CommuneFactory(), client)
    data["payment_method"] = "vietqr"
    client.post(reverse("orders:checkout"), data)
    methods = {
        so.seller_id: so.payment.method for so in SellerOrder.objects.select_related("payment")
    }
    assert methods == {with_bank.pk: "vietqr", without.pk: "cod"}


def test_vietqr_is_not_offered_when_no_seller_has_a_bank_account(client):
    add(client, make_product(seller=make_household_seller()))
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'value="vietqr"' not in page
    assert "không người bán nào" in page.split('class="help vietqr-missing"')[1]


def test_vietqr_is_offered_without_a_note_when_every_seller_can_receive_it(client):
    seller = make_household_seller()
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()
    add(client, make_product(seller=seller))
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'value="vietqr"' in page and "vietqr-missing" not in page


def test_checkout_orders_the_quantities_on_the_buyers_screen(client):
    product = make_product(stock=10)
    add(client, product, 4)
    data = checkout_data(CommuneFactory(), client)
    client.post(reverse("orders:checkout"), data)
    assert Order.objects.get().seller_orders.get().lines.get().quantity == 4
    assert Product.objects.get(pk=product.pk).stock == 6
    assert seen_state  # the helper other tests use reads the form's hidden field


def _checkout_queries(client, *, sellers: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.delivery.models import DeliveryOption

    user = UserFactory()
    client.force_login(user)
    commune = CommuneFactory()
    for _ in range(sellers):
        seller = make_household_seller()
        DeliveryOption.objects.create(seller=seller, kind="pickup", address="Chợ xã")
        own = DeliveryOption.objects.create(seller=seller, kind="own", fee=20_000)
        own.provinces.add(commune.province)
        CartItem.objects.create(user=user, product=make_product(seller=seller), quantity=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("orders:checkout"), {"commune": commune.pk})
    assert response.status_code == 200
    assert response.content.decode().count('name="delivery-') == 2 * sellers
    client.logout()
    return len(queries)


def test_checkout_page_query_count_does_not_grow_with_the_cart(client):
    # session + user, cart items, products with sellers, saved addresses, the commune,
    # delivery options with their communes and provinces, provinces (twice: the form's
    # list and its commune list), communes, header count; the first visit also saves
    # the commune to the session (3)
    one = _checkout_queries(client, sellers=1)
    assert one <= 16
    assert _checkout_queries(client, sellers=6) == one
