"""Stock nobody can hoard: holds that run out, open guest orders limited, a seller's limit
per order."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Product
from marketplace.orders.errors import OrderError
from marketplace.orders.models import OrderStatus, SellerOrder
from marketplace.orders.states import seller_order_transition, seller_orders_expire
from marketplace.payments.models import PaymentStatus
from marketplace.payments.services import payment_confirm_received
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.orders.test_views import add, checkout_data
from tests.regions.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def bank(product):
    seller = product.seller
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()


def test_each_method_holds_the_stock_for_its_own_time(settings):
    product = make_product(stock=10)
    bank(product)
    cod = place({product: 1}).seller_orders.get()
    vietqr = place({product: 1}, method="vietqr", buyer=UserFactory()).seller_orders.get()
    # Cash on delivery waits only for the seller's confirmation: a day, not two.
    assert cod.hold_until - cod.created_at == dt.timedelta(hours=24)
    assert vietqr.hold_until - vietqr.created_at == dt.timedelta(hours=24)


def test_an_unconfirmed_unpaid_order_past_its_hold_is_cancelled_and_its_stock_returns(clock):
    product = make_product(stock=5)
    so = place({product: 2}).seller_orders.get()
    assert Product.objects.get(pk=product.pk).stock == 3
    clock.shift(dt.timedelta(hours=23))
    assert seller_orders_expire() == 0
    clock.shift(dt.timedelta(hours=2))
    assert seller_orders_expire() == 1
    so.refresh_from_db()
    assert so.status == OrderStatus.CANCELLED
    assert so.payment.status == PaymentStatus.VOIDED
    assert Product.objects.get(pk=product.pk).stock == 5
    event = so.events.last()
    assert event.actor is None and "đã trở lại" in event.note
    assert seller_orders_expire() == 0  # once


def test_a_confirmed_or_paid_order_is_never_expired(clock):
    product = make_product(stock=5)
    bank(product)
    confirmed = place({product: 1}).seller_orders.get()
    seller_order_transition(seller_order=confirmed, to_status=OrderStatus.CONFIRMED, actor=None)
    paid = place({product: 1}, method="vietqr", buyer=UserFactory()).seller_orders.get()
    payment_confirm_received(payment=paid.payment, actor=UserFactory())
    clock.shift(dt.timedelta(days=5))
    assert seller_orders_expire() == 0
    assert SellerOrder.objects.filter(status=OrderStatus.CANCELLED).count() == 0


def test_the_timer_command_says_how_many_it_cancelled(clock, capsys):
    place({make_product(): 1})
    clock.shift(dt.timedelta(days=3))
    call_command("orders_expire")
    assert "1 seller orders cancelled" in capsys.readouterr().out


def test_a_guest_holds_at_most_three_open_orders_by_phone(settings):
    settings.GUEST_OPEN_ORDERS_LIMIT = 3
    product = make_product(stock=100)
    for _ in range(3):
        place({product: 1})
    with pytest.raises(OrderError, match="3 đơn"):
        place({product: 1})
    # Once a seller confirms one, the guest may order again.
    so = SellerOrder.objects.first()
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=None)
    place({product: 1})
    # A signed-in buyer is not limited.
    for _ in range(4):
        place({product: 1}, buyer=UserFactory())


def test_a_guest_is_limited_by_network_address_whatever_phone_they_type(client, settings):
    settings.GUEST_OPEN_ORDERS_LIMIT = 3
    product = make_product(stock=100)
    commune = CommuneFactory()
    phones = ["0912 345 671", "0912 345 672", "0912 345 673", "0912 345 674"]
    for index, phone in enumerate(phones):
        fresh = client.__class__()  # a new device each time: no session in common
        add(fresh, product)
        response = fresh.post(
            reverse("orders:checkout"), checkout_data(commune, fresh, phone=phone)
        )
        if index < 3:
            assert response.status_code == 302
        else:
            assert response.status_code == 200
            assert "3 đơn" in response.content.decode()


def test_the_sellers_limit_per_order_caps_the_cart_and_refuses_more():
    product = make_product(stock=50)
    product.max_per_order = 5
    product.save()
    with pytest.raises(OrderError, match="Tối đa 5"):
        place({product: 6})
    place({product: 5})


def test_the_cart_lowers_a_line_to_the_sellers_limit_and_says_why(client):
    product = make_product(stock=50)
    product.max_per_order = 3
    product.save()
    add(client, product, 10)
    assert client.session["cart"] == {str(product.pk): 3}
    page = client.get(reverse("orders:cart")).content.decode()
    assert 'max="3"' in page


def test_the_seller_sees_what_is_about_to_expire(client, clock):
    product = make_product()
    owner = UserFactory(role="household")
    product.seller.household.user = owner
    product.seller.household.save()
    place({product: 1})
    client.force_login(owner)
    url = reverse("portal:order_list", args=[product.seller.slug])
    assert "Tự hủy lúc 09:30 16/06" in client.get(url).content.decode()
    page = client.get(url, {"status": "expiring"}).content.decode()
    assert page.count('class="card order-card order-link"') == 0
    clock.shift(dt.timedelta(hours=16))
    page = client.get(url, {"status": "expiring"}).content.decode()
    assert page.count('class="card order-card order-link"') == 1


def test_the_seller_sets_the_limit_on_the_product_form(client):
    product = make_product(stock=50)
    owner = UserFactory(role="household")
    product.seller.household.user = owner
    product.seller.household.save()
    client.force_login(owner)
    url = reverse("portal:product_edit", args=[product.seller.slug, product.pk])
    page = client.get(url).content.decode()
    assert 'name="max_per_order"' in page
    data = {
        "name": product.name,
        "category": product.category_id,
        "price": "50.000",
        "unit": "kg",
        "stock": "50",
        "status": "live",
        "description": "",
        "weight_grams": "0",
        "max_per_order": "4",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    product.refresh_from_db()
    assert product.max_per_order == 4
