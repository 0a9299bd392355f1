"""The portal home: someone running several shops, or an officer, reaches each shop's work."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


def _shop_links(seller) -> list[str]:
    return [
        reverse("portal:shop", args=[seller.slug]),
        reverse("portal:order_list", args=[seller.slug]),
        reverse("portal:lot_list", args=[seller.slug]),
    ]


def test_manager_of_several_shops_sees_each_shops_products_orders_and_lots(client):
    manager = UserFactory(role=Role.COOP_MANAGER)
    shops = [make_cooperative_seller(managers=[manager]) for _ in range(2)]
    client.force_login(manager)
    page = client.get(reverse("portal:home")).content.decode()
    for shop in shops:
        for link in _shop_links(shop):
            assert f'href="{link}"' in page, link


def test_officer_sees_links_for_each_shop_of_their_area(client):
    commune = CommuneFactory()
    shop = make_household_seller(commune=commune)
    elsewhere = make_household_seller(commune=CommuneFactory())
    client.force_login(OfficerFactory(communes=[commune]))
    page = client.get(reverse("portal:home")).content.decode()
    for link in _shop_links(shop):
        assert f'href="{link}"' in page, link
    assert elsewhere.slug not in page


def test_a_shops_orders_link_lists_only_that_shops_orders(client):
    manager = UserFactory(role=Role.COOP_MANAGER)
    first, second = (make_cooperative_seller(managers=[manager]) for _ in range(2))
    order = place({make_product(seller=first): 1, make_product(seller=second): 1})
    numbers = {so.seller_id: so.number for so in order.seller_orders.all()}
    client.force_login(manager)
    page = client.get(reverse("portal:order_list", args=[first.slug])).content.decode()
    assert numbers[first.pk] in page and numbers[second.pk] not in page
    # Someone else's shop named in the path shows nothing of it.
    stranger = make_household_seller()
    place({make_product(seller=stranger): 1})
    response = client.get(reverse("portal:order_list", args=[stranger.slug]))
    page = response.content.decode()
    assert response.status_code == 404
    assert numbers[first.pk] not in page and stranger.name not in page
