"""Delivery from the seller's options to the placed order, its payment and its shipment."""

import datetime as dt

import pytest
from django.urls import reverse

from marketplace.delivery.carriers.base import DELIVERED, PICKED, CarrierStatus
from marketplace.delivery.models import DeliveryOption, SavedAddress, ShipmentEvent
from marketplace.delivery.services import shipment_status_record
from marketplace.orders.errors import OrderError
from marketplace.orders.models import OrderStatus
from marketplace.orders.placing import order_deliveries, order_parts
from marketplace.orders.shipping import seller_order_ship
from marketplace.orders.states import seller_order_transition
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.orders.test_views import add, checkout_data
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def far_commune():
    return CommuneFactory(province__code="04", province__name="Tỉnh Cao Bằng")


def own(seller, *, fee=25_000, free_above=None, lead_days=2, name="Giao tận nhà"):
    option = DeliveryOption.objects.create(
        seller=seller,
        kind="own",
        name=name,
        fee=fee,
        free_above=free_above,
        lead_days=lead_days,
    )
    option.provinces.add(seller.commune.province)
    return option


def pickup(seller):
    return DeliveryOption.objects.create(
        seller=seller, kind="pickup", name="Chợ phiên", address="Chợ xã", weekdays="5"
    )


def quotes_for(product, quantity, commune):
    parts = order_parts(items={product.pk: quantity})
    return order_deliveries(parts=parts, commune=commune)[product.seller_id]


def test_the_fee_is_a_line_of_the_seller_order_and_of_the_payment():
    product = make_product(price=50_000)
    own(product.seller, fee=25_000)
    order = place({product: 2}, commune=CommuneFactory())
    so = order.seller_orders.get()
    assert (so.goods_total, so.delivery_fee, so.total) == (100_000, 25_000, 125_000)
    assert so.payment.amount == 125_000  # the cash the buyer hands over
    assert so.shipment.label == "Giao tận nhà" and so.shipment.fee == 25_000
    # Placed on Monday 15 June 2026 (the suite's clock), two days to deliver.
    assert so.shipment.expected_date == dt.date(2026, 6, 17)


def test_the_cheapest_option_is_chosen_unless_the_buyer_picks_another():
    product = make_product(price=50_000)
    own(product.seller, fee=25_000)
    pickup(product.seller)
    delivery = quotes_for(product, 1, CommuneFactory())
    assert [q.kind for q in delivery.quotes] == ["pickup", "own"]
    assert delivery.chosen.kind == "pickup" and delivery.chosen.fee == 0
    assert delivery.chosen.expected_date == dt.date(2026, 6, 20)  # Saturday market


def test_free_delivery_from_the_sellers_amount():
    product = make_product(price=100_000)
    own(product.seller, fee=30_000, free_above=300_000)
    commune = CommuneFactory()
    assert quotes_for(product, 2, commune).chosen.fee == 30_000
    chosen = quotes_for(product, 3, commune).chosen
    assert chosen.fee == 0 and chosen.free_applied


def test_own_delivery_reaches_only_its_areas():
    product = make_product()
    own(product.seller)
    assert quotes_for(product, 1, CommuneFactory()).reachable
    delivery = quotes_for(product, 1, far_commune())
    assert not delivery.reachable
    with pytest.raises(OrderError, match="không giao"):
        place({product: 1}, commune=far_commune())


def test_a_perishable_leaves_only_pickup_outside_the_province():
    product = make_product()
    product.local_only = True
    product.save()
    own(product.seller)
    courier = DeliveryOption.objects.create(
        seller=product.seller, kind="courier", carrier="ghn", fee=40_000
    )
    courier.refresh_from_db()
    assert not quotes_for(product, 1, far_commune()).reachable
    pickup(product.seller)
    delivery = quotes_for(product, 1, far_commune())
    assert [q.kind for q in delivery.quotes] == ["pickup"]
    assert delivery.local_only == [product]


def test_a_courier_without_a_connected_carrier_uses_the_sellers_fee_or_is_not_offered():
    product = make_product()
    courier = DeliveryOption.objects.create(
        seller=product.seller, kind="courier", carrier="ghn", fee=None
    )
    assert not quotes_for(product, 1, far_commune()).reachable
    courier.weight_tiers = [{"up_to_grams": 3000, "fee": 32_000}]
    courier.save()
    chosen = quotes_for(product, 2, far_commune()).chosen
    assert chosen.fee == 32_000 and chosen.estimated
    assert not quotes_for(product, 4, far_commune()).reachable  # 4 kg: over the last tier


def test_a_seller_without_options_is_arranged_by_phone_as_before():
    product = make_product(price=40_000)
    so = place({product: 1}).seller_orders.get()
    assert (so.delivery_fee, so.total, so.shipment.kind) == (0, 40_000, "arranged")


def test_changing_an_option_never_changes_a_placed_order():
    product = make_product(price=50_000)
    option = own(product.seller, fee=25_000)
    so = place({product: 1}, commune=CommuneFactory()).seller_orders.get()
    option.fee = 60_000
    option.save()
    so.refresh_from_db()
    assert (so.delivery_fee, so.total, so.shipment.fee) == (25_000, 75_000, 25_000)


def test_vietqr_asks_for_goods_and_delivery():
    from marketplace.orders.order_pages import payment_block

    seller = make_household_seller()
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()
    product = make_product(seller=seller, price=85_000)
    own(seller, fee=15_000)
    so = place({product: 1}, method="vietqr", commune=CommuneFactory()).seller_orders.get()
    transfer = payment_block(so)["pay"]["transfer"]
    assert transfer["amount"] == 100_000
    assert "5406100000" in transfer["payload"]  # tag 54, six digits: 100000


def test_a_courier_delivered_report_moves_the_order_through_the_map_once():
    product = make_product()
    so = place({product: 1}).seller_orders.get()
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=None)
    report = CarrierStatus(carrier_status="delivered", state=DELIVERED)
    assert shipment_status_record(shipment=so.shipment, status=report, source="pull", key="k1")
    assert not shipment_status_record(shipment=so.shipment, status=report, source="pull", key="k1")
    so.refresh_from_db()
    assert so.status == OrderStatus.DELIVERED and so.delivered_at
    moves = list(so.events.values_list("to_status", flat=True))
    assert moves == ["pending", "confirmed", "shipped", "delivered"]
    assert ShipmentEvent.objects.filter(shipment=so.shipment).count() == 1


def test_a_picked_report_ships_a_confirmed_order_and_nothing_else():
    so = place({make_product(): 1}).seller_orders.get()
    picked = CarrierStatus(carrier_status="picked", state=PICKED)
    shipment_status_record(shipment=so.shipment, status=picked, source="webhook", key="p0")
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING  # not confirmed by the seller: stays
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=None)
    shipment_status_record(shipment=so.shipment, status=picked, source="webhook", key="p1")
    so.refresh_from_db()
    assert so.status == OrderStatus.SHIPPED


def test_the_seller_ships_with_the_courier_and_number_the_buyer_then_sees(client):
    product = make_product()
    order = place({product: 1})
    so = order.seller_orders.get()
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=None)
    seller_order_ship(
        seller_order=so, actor=UserFactory(), carrier="Viettel Post", tracking_number="VTP123"
    )
    so.refresh_from_db()
    assert so.status == OrderStatus.SHIPPED
    assert (so.shipment.carrier, so.shipment.tracking_number) == ("Viettel Post", "VTP123")
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    assert "Viettel Post" in page and "VTP123" in page


def test_checkout_places_the_option_the_buyer_picked_and_remembers_the_address(client):
    user = UserFactory()
    client.force_login(user)
    product = make_product(price=50_000)
    own(product.seller, fee=25_000)
    pickup(product.seller)
    add(client, product)
    commune = CommuneFactory()
    page = client.get(reverse("orders:checkout"), {"commune": commune.pk}).content.decode()
    assert "25.000 ₫" in page and "Miễn phí" in page
    assert 'id="grand-total">50.000 ₫' in page  # pickup, the cheapest, preselected
    data = checkout_data(commune, client)
    option = DeliveryOption.objects.get(kind="own")
    data[f"delivery-{product.seller_id}"] = str(option.pk)
    response = client.post(reverse("orders:checkout"), data)
    assert response.status_code == 302
    so = user.orders.get().seller_orders.get()
    assert (so.delivery_fee, so.total) == (25_000, 75_000)
    saved = SavedAddress.objects.get(user=user)
    assert (saved.address, saved.commune) == ("5 ấp Tân Thành", commune)
    # Next time the address is there, filled in.
    add(client, product)
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'value="5 ấp Tân Thành"' in page


def test_an_order_for_another_commune_than_the_fees_shown_is_not_placed(client):
    product = make_product()
    own(product.seller, fee=25_000)
    add(client, product)
    shown, other = CommuneFactory(), CommuneFactory()
    data = checkout_data(shown, client)
    data["commune"] = other.pk
    response = client.post(reverse("orders:checkout"), data)
    assert response.status_code == 200
    assert other.name in response.content.decode()
    assert not product.seller.orders.exists()


def test_the_cart_says_which_seller_cannot_reach_the_commune(client):
    near, far = make_product(), make_product()
    own(near.seller)
    own(far.seller, name="Chỉ trong tỉnh")
    add(client, near)
    add(client, far)
    page = client.get(reverse("orders:cart"), {"commune": far_commune().pk}).content.decode()
    assert page.count("không giao đến") == 2


def test_the_sellers_export_has_goods_delivery_and_total_and_neutralises_formulas(client):
    import csv
    import io

    from openpyxl import load_workbook

    product = make_product(price=50_000)
    own(product.seller, fee=25_000)
    order = place({product: 2}, commune=CommuneFactory())
    order.name = '=HYPERLINK("http://x")'
    order.save()
    owner = UserFactory(role="household")
    product.seller.household.user = owner
    product.seller.household.save()
    client.force_login(owner)
    url = reverse("portal:order_export", args=[product.seller.slug])
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("Tiền hàng (đồng)")] == "100000"
    assert row[header.index("Phí giao hàng (đồng)")] == "25000"
    assert row[header.index("Tổng (đồng)")] == "125000"
    assert row[header.index("Người mua")] == '\'=HYPERLINK("http://x")'
    response = client.get(url, {"dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][header.index("Tổng (đồng)")] == 125_000
    assert client.get(url, {"dang": "pdf"}).status_code == 404
