"""Old seller-portal addresses (the shop in `?seller=`, lots and orders outside the shop's
path) answer with a redirect to where the page lives now; printed QR addresses do not move."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_cooperative_seller, make_household_seller
from tests.traceability.factories import make_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def farmer(client):
    user = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=user)
    client.force_login(user)
    return seller


def _permanent(response, target):
    assert response.status_code == 301, response.status_code
    assert response.url == target


def test_the_orders_of_a_named_shop_move_to_its_path_keeping_the_other_filters(client, farmer):
    response = client.get(
        "/cua-hang-cua-toi/don-hang/", {"seller": farmer.slug, "status": "pending"}
    )
    _permanent(response, f"/cua-hang-cua-toi/{farmer.slug}/don-hang/?status=pending")


def _temporary(response, target):
    assert response.status_code == 302, response.status_code
    assert response.url == target


def test_without_a_shop_named_the_only_shop_is_taken_for_this_person_only(client, farmer):
    # Where it goes depends on who asks: a temporary redirect, kept by no browser.
    _temporary(
        client.get("/cua-hang-cua-toi/don-hang/"), f"/cua-hang-cua-toi/{farmer.slug}/don-hang/"
    )
    _temporary(
        client.get("/cua-hang-cua-toi/lo-hang/"), f"/cua-hang-cua-toi/{farmer.slug}/lo-hang/"
    )
    _temporary(
        client.get("/cua-hang-cua-toi/lo-hang/moi/"),
        f"/cua-hang-cua-toi/{farmer.slug}/lo-hang/moi/",
    )


def test_someone_with_several_shops_picks_one_on_the_portal_home(client):
    manager = UserFactory(role=Role.COOP_MANAGER)
    first = make_cooperative_seller(managers=[manager])
    make_cooperative_seller(managers=[manager])
    client.force_login(manager)
    for old in ("/cua-hang-cua-toi/don-hang/", "/cua-hang-cua-toi/lo-hang/"):
        response = client.get(old)
        # Where it goes depends on who asks: a temporary redirect, kept by no browser.
        assert response.status_code == 302 and response.url == reverse("portal:home"), old
    response = client.get("/cua-hang-cua-toi/lo-hang/", {"seller": first.slug})
    _permanent(response, f"/cua-hang-cua-toi/{first.slug}/lo-hang/")


def test_an_order_moves_to_its_shops_path(client, farmer):
    so = place({make_product(seller=farmer): 1}).seller_orders.get()
    response = client.get(f"/cua-hang-cua-toi/don-hang/{so.number}/")
    _permanent(response, f"/cua-hang-cua-toi/{farmer.slug}/don-hang/{so.number}/")
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("tem/?count=12", "tem/?count=12"),
        ("ghi/harvest/?sua=3", "ghi/harvest/?sua=3"),
        ("dong-goi/", "dong-goi/"),
        ("thu-hoi/", "thu-hoi/"),
    ],
)
def test_a_lot_page_moves_to_its_shops_path(client, old, new):
    lot = make_lot()
    client.force_login(lot.created_by)
    response = client.get(f"/cua-hang-cua-toi/lo-hang/{lot.pk}/{old}")
    _permanent(response, f"/cua-hang-cua-toi/{lot.seller.slug}/lo-hang/{lot.pk}/{new}")


def test_an_officer_of_the_area_is_sent_on_too(client):
    lot = make_lot()
    client.force_login(OfficerFactory(communes=[lot.seller.commune]))
    response = client.get(f"/cua-hang-cua-toi/lo-hang/{lot.pk}/")
    _permanent(response, reverse("portal:lot_detail", args=[lot.seller.slug, lot.pk]))


def test_nobody_learns_where_a_shop_they_do_not_run_lives(client, farmer):
    lot = make_lot()
    so = place({make_product(): 1}).seller_orders.get()
    for old in (
        f"/cua-hang-cua-toi/lo-hang/{lot.pk}/",
        f"/cua-hang-cua-toi/lo-hang/{lot.pk}/tem/",
        f"/cua-hang-cua-toi/don-hang/{so.number}/",
        f"/cua-hang-cua-toi/don-hang/?seller={so.seller.slug}",
        f"/cua-hang-cua-toi/lo-hang/?seller={lot.seller.slug}",
        "/cua-hang-cua-toi/lo-hang/?seller=khong-co",
    ):
        assert client.get(old).status_code == 404, old
    client.logout()
    response = client.get(f"/cua-hang-cua-toi/lo-hang/{lot.pk}/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_printed_qr_addresses_stay_where_they_are(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07")
    assert reverse("traceability:trace", args=[lot.code]) == f"/t/{lot.code}/"
    assert client.get(f"/t/{lot.code}/").status_code == 200
    assert client.get(f"/t/{lot.code}/qr.svg").status_code == 200
    response = client.get("/01/08931234567897/10/LOT07")
    assert response.status_code == 307 and response.url == f"/t/{lot.code}/"
