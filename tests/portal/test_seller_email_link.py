"""The e-mail a seller gets for a new order links to the order under the shop's path."""

import pytest
from django.core import mail
from django.urls import resolve

from marketplace.accounts.models import Role
from marketplace.orders.notifications import order_placed
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def test_the_new_order_email_opens_the_order_in_the_sellers_portal(client, settings):
    settings.SITE_URL = "https://choso.example"
    owner = UserFactory(role=Role.HOUSEHOLD, email="hung@example.com")
    seller = make_household_seller(user=owner)
    order = place({make_product(seller=seller): 1})
    number = order.seller_orders.get().number
    mail.outbox.clear()
    order_placed(order_id=order.pk)
    [message] = [m for m in mail.outbox if m.to == ["hung@example.com"]]
    path = f"/cua-hang-cua-toi/{seller.slug}/don-hang/{number}/"
    assert f"https://choso.example{path}" in message.body
    assert resolve(path).view_name == "portal:order_detail"
    client.force_login(owner)
    assert client.get(path).status_code == 200
