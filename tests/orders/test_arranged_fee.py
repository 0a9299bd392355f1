"""A delivery the seller arranges by phone has a fee nobody knows yet: every page and the
e-mail say so instead of "0 ₫", and every total says it leaves it out."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.orders.notifications import order_placed
from marketplace.orders.selectors import seller_orders_for, seller_orders_rows
from tests.accounts.factories import UserFactory
from tests.delivery.test_order_delivery import own
from tests.orders.factories import make_product, place
from tests.orders.test_order_page import bank_seller
from tests.orders.test_views import add
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db
TO_AGREE = "Phí giao: người bán sẽ gọi để thỏa thuận"
ZERO = re.compile(r"(?<![\d.])0 ₫")


def test_the_order_page_says_the_seller_will_call_not_0_dong(client):
    calls = make_product(price=40_000)  # no delivery option: arranged
    priced = make_product(price=50_000)
    own(priced.seller, fee=20_000)
    order = place({calls: 1, priced: 1}, commune=CommuneFactory())
    arranged, delivered = order.seller_orders.order_by("pk")
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    card = page[page.index(f'id="{arranged.number}"') : page.index(f'id="{delivered.number}"')]
    assert TO_AGREE in card and not ZERO.search(card)
    assert "Người bán sắp xếp cách giao" in card
    assert "thỏa thuận cách giao thỏa thuận" not in page
    assert "chưa gồm phí giao" in card
    assert "Phí giao đã thỏa thuận trả thêm cho người bán khi nhận hàng." in card
    assert f"(chưa gồm phí giao của {arranged.number})" in page
    assert "20.000 ₫" in page[page.index(f'id="{delivered.number}"') :]


def test_a_transfer_pays_the_goods_and_says_the_fee_is_apart(client):
    seller = bank_seller("+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG")
    order = place({make_product(seller=seller, price=85_000): 1}, method="vietqr")
    so = order.seller_orders.get()
    assert so.payment.amount == 85_000
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    assert "Khoản thanh toán này chỉ là tiền hàng" in page


def test_the_sellers_page_asks_them_to_call(client):
    owner = UserFactory()
    so = place({make_product(seller=make_household_seller(user=owner)): 1}).seller_orders.get()
    client.force_login(owner)
    page = client.get(reverse("portal:order_detail", args=[so.seller.slug, so.number]))
    text = page.content.decode()
    assert "Phí giao: hãy gọi người mua để thỏa thuận" in text
    assert "Hãy gọi người mua để thỏa thuận cách giao và phí giao." in text
    [header, row] = seller_orders_rows(orders=seller_orders_for(user=owner))
    assert row[header.index("Phí giao hàng (đồng)")] == ""


def test_the_email_says_the_fee_is_to_agree():
    order = place({make_product(price=40_000): 1})
    mail.outbox.clear()
    order_placed(order_id=order.pk)
    [message] = [m for m in mail.outbox if m.to == ["khach@example.com"]]
    assert "Giao hàng: Người bán sắp xếp cách giao. " + TO_AGREE in message.body
    assert "Tổng cộng: 40.000 ₫ (chưa gồm phí giao)" in message.body
    assert TO_AGREE in message.alternatives[0][0]


def test_the_cart_and_checkout_leave_the_fee_out_and_say_so(client):
    product = make_product(price=40_000)
    add(client, product)
    commune = CommuneFactory()
    cart = client.get(reverse("orders:cart"), {"commune": commune.pk}).content.decode()
    assert TO_AGREE in cart and "Tổng chưa gồm phí giao của người bán này." in cart
    assert f"Tổng, chưa gồm phí giao của {product.seller.name}: " in cart
    assert "Tổng với cách giao rẻ nhất" not in cart
    checkout = client.get(reverse("orders:checkout")).content.decode()
    assert TO_AGREE in checkout and "(chưa gồm phí giao)" in checkout
    summary = checkout[checkout.index('id="checkout-summary"') : checkout.index("checkout-form")]
    assert not ZERO.search(summary)
    assert "chuyển khoản hay thẻ chỉ trả tiền hàng" in checkout
