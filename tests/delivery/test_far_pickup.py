"""Which delivery the "cheapest" total assumes: a pickup counts only in the buyer's own
province; far away it is offered, named down to the province, and never assumed."""

import pytest
from django.urls import reverse

from marketplace.delivery.models import DeliveryOption
from marketplace.orders.checkout_delivery import summary_for
from marketplace.orders.models import Order
from marketplace.orders.selectors import cart_groups
from tests.delivery.test_order_delivery import own, quotes_for
from tests.orders.factories import make_product, place
from tests.orders.test_views import add, checkout_data
from tests.regions.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def ha_noi():
    return CommuneFactory(
        name="Phường Ba Đình", province__code="01", province__name="Thành phố Hà Nội"
    )


def market(seller, address="Chợ Long Hồ", **fields):
    return DeliveryOption.objects.create(
        seller=seller, kind="pickup", name="Chợ phiên", address=address, weekdays="5", **fields
    )


def courier(seller, fee=40_000):
    return DeliveryOption.objects.create(
        seller=seller, kind="courier", name="Giao Hàng Nhanh", carrier="ghn", fee=fee
    )


def test_a_far_pickup_says_where_and_the_cheapest_is_the_delivery_that_reaches():
    product = make_product(price=100_000)  # a seller in Vĩnh Long
    market(product.seller)
    courier(product.seller, fee=40_000)
    delivery = quotes_for(product, 1, ha_noi())
    (far,) = [q for q in delivery.quotes if q.kind == "pickup"]
    assert far.far and far.fee == 0
    assert "Tỉnh Vĩnh Long" in far.label and product.seller.commune.name in far.label
    # Listed after the deliveries, however cheap, and never what the total assumes.
    assert [q.kind for q in delivery.quotes] == ["courier", "pickup"]
    assert delivery.cheapest.kind == delivery.chosen.kind == "courier"


def test_a_pickup_in_the_buyers_province_is_the_cheapest_way():
    product = make_product()
    market(product.seller)
    courier(product.seller)
    elsewhere_in_vinh_long = CommuneFactory()
    delivery = quotes_for(product, 1, elsewhere_in_vinh_long)
    assert not delivery.chosen.far and delivery.chosen.kind == "pickup"


def test_the_pickups_own_commune_decides_not_the_sellers():
    product = make_product()
    stall = CommuneFactory(
        name="Phường Hoàn Kiếm", province__code="01", province__name="Thành phố Hà Nội"
    )
    market(product.seller, place=stall)
    delivery = quotes_for(product, 1, ha_noi())
    assert not delivery.chosen.far
    assert "Phường Hoàn Kiếm, Thành phố Hà Nội" in delivery.chosen.label
    # For a buyer in the seller's own province, that stall is the far one.
    at_home = quotes_for(product, 1, CommuneFactory())
    assert at_home.quotes[0].far and at_home.chosen is None


def test_only_a_far_pickup_assumes_nothing_and_the_buyer_must_choose_it():
    product = make_product(price=100_000)
    option = market(product.seller)
    delivery = quotes_for(product, 1, ha_noi())
    assert delivery.reachable and delivery.cheapest is None and delivery.chosen is None
    groups, where = cart_groups(items={product.pk: 1}), ha_noi()
    summary = summary_for(groups=groups, commune=where)
    assert summary.unchosen == [product.seller] and not summary.complete
    assert summary.without_fee == [product.seller]
    chosen = summary_for(groups=groups, commune=where, chosen={product.seller.pk: str(option.pk)})
    assert chosen.complete and chosen.grand_total == 100_000


def test_checkout_refuses_until_the_far_pickup_is_chosen(client):
    product = make_product(price=100_000)
    option = market(product.seller)
    add(client, product)
    where = ha_noi()
    page = client.post(reverse("orders:checkout"), checkout_data(where, client)).content.decode()
    assert "chỉ giao hàng ở tỉnh khác" in page
    assert not Order.objects.exists()
    data = checkout_data(where, client, **{f"delivery-{product.seller.pk}": str(option.pk)})
    response = client.post(reverse("orders:checkout"), data)
    assert response.status_code == 302
    shipment = Order.objects.get().seller_orders.get().shipment
    assert shipment.kind == "pickup" and "Tỉnh Vĩnh Long" in shipment.label


def test_an_arranged_fee_is_unknown_not_zero():
    product = make_product(price=40_000)  # no option: the seller calls
    summary = summary_for(groups=cart_groups(items={product.pk: 1}), commune=ha_noi())
    quote = summary.deliveries[product.seller.pk].chosen
    assert quote.kind == "arranged" and not quote.fee_known
    assert summary.fee_pending == [product.seller] and not summary.complete
    so = place({product: 1}).seller_orders.get()
    assert so.fee_to_agree and so.total == so.payment.amount == 40_000


def test_a_seller_with_a_fee_and_one_without_count_only_the_known_fee():
    first, second = make_product(price=50_000), make_product(price=40_000)
    own(first.seller, fee=20_000)
    summary = summary_for(
        groups=cart_groups(items={first.pk: 1, second.pk: 1}), commune=CommuneFactory()
    )
    assert summary.delivery_total == 20_000 and summary.grand_total == 110_000
    assert summary.without_fee == [second.seller]


def test_a_commune_already_in_the_pickup_address_is_said_once():
    product = make_product()
    commune = product.seller.commune.name
    market(product.seller, address=f"Chợ trung tâm, {commune}")
    label = quotes_for(product, 1, CommuneFactory()).chosen.label
    assert label.count(commune) == 1 and label.endswith("Tỉnh Vĩnh Long; Thứ Bảy)")
