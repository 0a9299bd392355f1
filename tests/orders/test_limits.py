"""What one buyer may hold unpaid (orders/limits.py): cash on delivery only with a verified
number, a few open orders, and of one product a share of what is on sale; carts capped at
what can be bought; holds that run out tell the seller too."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import Product
from marketplace.notifications.models import Message
from marketplace.orders.errors import (
    OpenOrdersLimit,
    OrderError,
    PhoneNotVerified,
    ShareExceeded,
)
from marketplace.orders.models import CartItem, Order, OrderStatus
from marketplace.orders.placing import order_place
from marketplace.orders.states import seller_order_transition, seller_orders_expire
from marketplace.payments.services import payment_confirm_received
from tests.accounts.factories import PASSWORD, UserFactory
from tests.orders.factories import make_product, place
from tests.orders.test_hold import bank
from tests.orders.test_views import add, checkout_data
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_limits(settings):
    """The limits a fresh install runs with (the suite lifts them elsewhere)."""
    settings.GUEST_OPEN_ORDERS_LIMIT = 3
    settings.ACCOUNT_OPEN_ORDERS_LIMIT = 5
    settings.BUYER_STOCK_SHARE_PERCENT = 50
    return settings


def as_guest(items, *, phone="0912 345 678", placed_from="", tokens=()):
    return order_place(
        buyer=None,
        items={p.pk: q for p, q in items.items()},
        name="Khách",
        phone=phone,
        address="12 ấp Phú Lợi",
        commune=CommuneFactory(),
        payment_method="cod",
        placed_from=placed_from,
        guest_tokens=tokens,
    )


def confirm(order):
    for seller_order in order.seller_orders.all():
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.CONFIRMED, actor=None
        )


# --- a verified number for cash on delivery -----------------------------------------------


def test_an_account_with_an_unverified_number_cannot_order_cash_on_delivery():
    stranger = UserFactory(phone_verified_at=None)
    product = make_product(stock=10)
    with pytest.raises(PhoneNotVerified, match="Xác minh số điện thoại"):
        place({product: 1}, buyer=stranger)
    assert Product.objects.get(pk=product.pk).stock == 10 and not Order.objects.exists()


def test_it_may_pay_by_transfer_but_not_where_the_transfer_falls_back_to_cash():
    stranger = UserFactory(phone_verified_at=None)
    with_bank, without = make_product(stock=10), make_product(stock=10)
    bank(with_bank)
    place({with_bank: 1}, buyer=stranger, method="vietqr")
    with pytest.raises(PhoneNotVerified):
        place({with_bank: 1, without: 1}, buyer=stranger, method="vietqr")


def test_the_checkout_page_says_what_to_do_and_links_to_the_code(client):
    stranger = UserFactory(phone_verified_at=None)
    client.force_login(stranger)
    product = make_product(stock=10)
    add(client, product)
    page = client.get(reverse("orders:checkout")).content.decode()
    assert "Xác minh số của tôi" in page
    assert 'href="/xac-minh-so-dien-thoai/?next=/thanh-toan/"' in page
    commune = CommuneFactory()
    refused = client.post(reverse("orders:checkout"), checkout_data(commune, client))
    assert refused.status_code == 200
    assert "Xác minh số điện thoại để đặt hàng trả tiền khi nhận hàng" in refused.content.decode()
    assert CartItem.objects.filter(user=stranger).exists()  # the cart is kept


# --- open orders ------------------------------------------------------------------------------


def test_an_account_holds_at_most_five_open_orders(real_limits):
    buyer = UserFactory()
    product = make_product(stock=100)
    orders = [place({product: 1}, buyer=buyer) for _ in range(5)]
    with pytest.raises(OpenOrdersLimit, match="5 đơn"):
        place({product: 1}, buyer=buyer)
    confirm(orders[0])
    place({product: 1}, buyer=buyer)
    place({product: 1}, buyer=UserFactory())  # another account is another buyer


def test_a_paid_order_holds_nothing_unpaid_so_it_does_not_count(real_limits):
    real_limits.ACCOUNT_OPEN_ORDERS_LIMIT = 1
    buyer = UserFactory()
    product = make_product(stock=100)
    bank(product)
    paid = place({product: 1}, buyer=buyer, method="vietqr").seller_orders.get()
    with pytest.raises(OpenOrdersLimit):
        place({product: 1}, buyer=buyer)
    payment_confirm_received(payment=paid.payment, actor=UserFactory())
    place({product: 1}, buyer=buyer)


# --- a share of each product --------------------------------------------------------------


def test_one_account_holds_at_most_half_of_a_product(real_limits):
    """The issue's case: one account took all 480 units in cash-on-delivery orders."""
    buyer = UserFactory()
    product = make_product(stock=480, name="Dừa xiêm")
    with pytest.raises(ShareExceeded, match="tối đa 240 kg"):
        place({product: 480}, buyer=buyer)
    first = place({product: 240}, buyer=buyer)
    with pytest.raises(ShareExceeded, match="Bạn đã có 240 kg “Dừa xiêm”.*nhiều nhất một người"):
        place({product: 1}, buyer=buyer)
    # Once the seller confirmed, the buyer may take half of what is left.
    confirm(first)
    with pytest.raises(ShareExceeded, match="tối đa 120 kg"):
        place({product: 121}, buyer=buyer)
    place({product: 120}, buyer=buyer)
    assert Product.objects.get(pk=product.pk).stock == 120


def test_the_message_says_how_many_more_may_be_taken(real_limits):
    buyer = UserFactory()
    product = make_product(stock=60)
    place({product: 20}, buyer=buyer)
    # Held 20, 40 on sale: half of 60 is 30, so 10 more.
    with pytest.raises(ShareExceeded, match="Bạn đã có 20 kg.*đặt thêm 10"):
        place({product: 11}, buyer=buyer)
    place({product: 10}, buyer=buyer)


def test_the_last_unit_can_always_be_bought(real_limits):
    product = make_product(stock=1)
    place({product: 1}, buyer=UserFactory())


def test_the_sellers_limit_per_order_holds_across_open_orders(real_limits):
    real_limits.BUYER_STOCK_SHARE_PERCENT = 100
    product = make_product(stock=50)
    product.max_per_order = 5
    product.save()
    buyer = UserFactory()
    place({product: 3}, buyer=buyer)
    with pytest.raises(ShareExceeded, match="đặt thêm 2"):
        place({product: 3}, buyer=buyer)
    with pytest.raises(OrderError, match="Tối đa 5"):  # one order past it: its own words
        place({product: 6}, buyer=UserFactory())


def test_a_guest_is_one_buyer_by_phone_or_by_address(real_limits):
    product = make_product(stock=10)
    as_guest({product: 5}, phone="0912 345 671", placed_from="a1")
    with pytest.raises(ShareExceeded):
        as_guest({product: 1}, phone="0912 345 671", placed_from="b2")
    with pytest.raises(ShareExceeded):
        as_guest({product: 1}, phone="0912 345 672", placed_from="a1")
    as_guest({product: 2}, phone="0912 345 673", placed_from="c3")  # half of 5 left


def test_a_guest_is_one_buyer_on_one_device(real_limits):
    product = make_product(stock=10)
    first = as_guest({product: 5}, phone="0912 345 671", placed_from="a1")
    with pytest.raises(ShareExceeded):
        as_guest({product: 1}, phone="0912 345 672", placed_from="b2", tokens=(first.token,))


def test_the_refusal_shows_in_the_checkout_form_and_keeps_the_cart(client, real_limits):
    buyer = UserFactory()
    client.force_login(buyer)
    product = make_product(stock=40, name="Bưởi da xanh")
    add(client, product, 30)
    commune = CommuneFactory()
    response = client.post(reverse("orders:checkout"), checkout_data(commune, client))
    assert response.status_code == 200
    page = response.content.decode()
    assert "một người mua chỉ được đặt tối đa 20 kg" in page
    assert CartItem.objects.get(user=buyer).quantity == 30
    assert Product.objects.get(pk=product.pk).stock == 40


# --- the cart, capped -------------------------------------------------------------------------


def test_a_typed_quantity_is_capped_at_the_stock_and_said(client):
    product = make_product(stock=7, name="Kẹo dừa")
    add(client, product)
    response = client.post(reverse("orders:cart"), {f"qty-{product.pk}": "50"}, follow=True)
    assert client.session["cart"] == {str(product.pk): 7}
    assert "Chỉ còn 7 kg “Kẹo dừa”" in response.content.decode()


def test_a_typed_quantity_is_capped_at_the_sellers_limit_for_an_account(client):
    buyer = UserFactory()
    client.force_login(buyer)
    product = make_product(stock=50, name="Mật ong")
    product.max_per_order = 4
    product.save()
    add(client, product)
    response = client.post(reverse("orders:cart"), {f"qty-{product.pk}": "10"}, follow=True)
    assert CartItem.objects.get(user=buyer).quantity == 4
    assert "Tối đa 4 kg “Mật ong” mỗi đơn" in response.content.decode()
    # Under the limit nothing is said but "updated"; zero removes the line.
    calm = client.post(reverse("orders:cart"), {f"qty-{product.pk}": "2"}, follow=True)
    assert "Chỉ còn" not in calm.content.decode() and "Tối đa" not in calm.content.decode()
    client.post(reverse("orders:cart"), {f"qty-{product.pk}": "0"})
    assert not CartItem.objects.filter(user=buyer).exists()


def test_a_quantity_for_a_product_not_in_the_cart_adds_nothing(client):
    product = make_product(stock=5)
    client.post(reverse("orders:cart"), {f"qty-{product.pk}": "3"})
    assert client.session.get("cart", {}) == {}


def test_the_guest_cart_merged_at_login_is_capped_and_said(client):
    buyer = UserFactory()
    product = make_product(stock=8, name="Cam sành")
    CartItem.objects.create(user=buyer, product=product, quantity=5)
    add(client, product, 6)
    response = client.post(
        reverse("accounts:login"), {"username": buyer.phone, "password": PASSWORD}, follow=True
    )
    assert CartItem.objects.get(user=buyer).quantity == 8
    assert "Chỉ còn 8 kg “Cam sành”" in response.content.decode()


# --- holds that run out ------------------------------------------------------------------------


def test_an_order_nobody_confirmed_in_a_day_goes_back_on_sale_and_both_are_told(
    clock, django_capture_on_commit_callbacks
):
    farmer = UserFactory(role="household")
    product = make_product(stock=5, seller=make_household_seller(user=farmer))
    buyer = UserFactory()
    place({product: 2}, buyer=buyer)
    clock.shift(dt.timedelta(hours=23))
    assert seller_orders_expire() == 0
    clock.shift(dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert seller_orders_expire() == 1
    assert Product.objects.get(pk=product.pk).stock == 5
    told = dict(Message.objects.exclude(event="order_new").values_list("event", "recipient"))
    assert told == {"order_cancelled": buyer.pk, "order_expired": farmer.pk}
    assert "chưa được xác nhận" in Message.objects.get(event="order_expired").text
