"""What only PostgreSQL can prove about the buyer limits: parallel checkouts of one buyer
take turns (row lock on the account, advisory locks on a guest's phone and address), and
parallel merges of one cart never pass the cap."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from catalog.models import Product
from marketplace.orders.cart import cart_merge, cart_set
from marketplace.orders.errors import OpenOrdersLimit, ShareExceeded
from marketplace.orders.models import CartItem, Order
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.orders.test_concurrency import run_concurrently
from tests.orders.test_limits import as_guest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def real_limits(settings):
    settings.GUEST_OPEN_ORDERS_LIMIT = 3
    settings.ACCOUNT_OPEN_ORDERS_LIMIT = 5
    settings.BUYER_STOCK_SHARE_PERCENT = 50
    return settings


def test_20_parallel_checkouts_of_one_account_place_five_open_orders(real_limits):
    buyer = UserFactory()
    product = make_product(stock=100)
    results = run_concurrently([lambda: place({product: 1}, buyer=buyer)] * 20, workers=20)
    assert sum(isinstance(r, Order) for r in results) == 5
    assert all(isinstance(r, (Order, OpenOrdersLimit)) for r in results)
    assert Order.objects.filter(buyer=buyer).count() == 5


def test_parallel_checkouts_of_one_account_never_hold_more_than_half(real_limits):
    """Each asks for 10 of 100: one after the other, 5 pass (50 held, 50 on sale)."""
    real_limits.ACCOUNT_OPEN_ORDERS_LIMIT = 100
    buyer = UserFactory()
    product = make_product(stock=100)
    results = run_concurrently([lambda: place({product: 10}, buyer=buyer)] * 10, workers=10)
    assert sum(isinstance(r, Order) for r in results) == 5
    assert all(isinstance(r, (Order, ShareExceeded)) for r in results)
    assert Product.objects.get(pk=product.pk).stock == 50


def test_parallel_guest_checkouts_from_one_address_take_turns(real_limits):
    """Ten phone numbers, one address: three orders at most."""
    product = make_product(stock=100)
    checkouts = [
        lambda n=n: as_guest({product: 1}, phone=f"0912 345 67{n}", placed_from="same-address")
        for n in range(10)
    ]
    results = run_concurrently(checkouts, workers=10)
    assert sum(isinstance(r, Order) for r in results) == 3
    assert all(isinstance(r, (Order, OpenOrdersLimit)) for r in results)


def test_parallel_guest_checkouts_by_one_phone_share_the_product(real_limits):
    """One phone number, ten addresses, 6 units each of 20: one order (6 held, 14 on sale:
    10 at most) and a second would need 12."""
    real_limits.GUEST_OPEN_ORDERS_LIMIT = 100
    product = make_product(stock=20)
    checkouts = [lambda n=n: as_guest({product: 6}, placed_from=f"address-{n}") for n in range(10)]
    results = run_concurrently(checkouts, workers=10)
    assert sum(isinstance(r, Order) for r in results) == 1
    assert Product.objects.get(pk=product.pk).stock == 14


def _session_with(product, quantity):
    session = SessionStore()
    session["cart"] = {str(product.pk): quantity}
    session.save()
    return session


def test_parallel_logins_merging_carts_never_pass_the_stock():
    buyer = UserFactory()
    product = make_product(stock=10)
    sessions = [_session_with(product, 3) for _ in range(10)]
    merges = [lambda s=s: cart_merge(user=buyer, session=s) for s in sessions]
    run_concurrently(merges, workers=10)
    assert CartItem.objects.get(user=buyer, product=product).quantity == 10


def test_parallel_merges_and_typed_quantities_stay_within_the_sellers_limit():
    buyer = UserFactory()
    product = make_product(stock=50)
    product.max_per_order = 4
    product.save()

    class Request:
        user = buyer
        session = SessionStore()

    sessions = [_session_with(product, 3) for _ in range(5)]
    writes = [lambda s=s: cart_merge(user=buyer, session=s) for s in sessions]
    writes += [lambda: cart_set(request=Request, product_id=product.pk, quantity=40)] * 5
    run_concurrently(writes, workers=10)
    assert CartItem.objects.get(user=buyer, product=product).quantity == 4
