"""A shop's address never takes a word the site uses: the seller portal's fixed pages
and the site's top-level paths are reserved, and a shop named after one gets a suffix."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, reverse

from marketplace.accounts.models import Role
from marketplace.sellers.services import seller_create
from marketplace.sellers.slugs import RESERVED_SLUGS
from tests.accounts.factories import UserFactory
from tests.sellers.factories import HouseholdFactory, make_household_seller

_LITERAL = re.compile(r"^\^?([a-z0-9][-a-z0-9.]*)")


def _first_segments(patterns) -> set[str]:
    """The fixed first segments of `patterns`, looking through includes at the root."""
    found = set()
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver) and route in ("", "^", "en/"):
            found |= _first_segments(pattern.url_patterns)
            continue
        literal = _LITERAL.match(route)
        if literal:
            found.add(literal.group(1).split("/")[0])
    return found


def _portal_patterns():
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLResolver) and inner.namespace == "portal":
                    return inner.url_patterns
    raise AssertionError("the portal is not included")


def test_every_fixed_first_segment_of_the_portal_is_reserved():
    segments = _first_segments(_portal_patterns())
    assert {"duyet-cua-hang", "don-hang", "lo-hang"} <= segments
    assert segments <= RESERVED_SLUGS


def test_every_top_level_path_of_the_site_is_reserved():
    # A file at the root (robots.txt, sitemap-<section>.xml) has a dot, which no slug has.
    segments = {
        segment.rstrip("-")
        for segment in _first_segments(get_resolver().url_patterns)
        if "." not in segment and segment != "media"
    }
    assert {"san-pham", "cua-hang-cua-toi", "gio-hang", "t", "01"} <= segments
    assert segments <= RESERVED_SLUGS


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Đơn hàng", "Lô hàng", "Duyệt cửa hàng", "Sản phẩm"])
def test_a_shop_named_after_a_reserved_word_gets_a_suffix(name):
    seller = seller_create(household=HouseholdFactory(), name=name)
    assert seller.slug not in RESERVED_SLUGS
    assert re.fullmatch(r"[a-z-]+-2", seller.slug), seller.slug


@pytest.mark.django_db
def test_a_shop_named_don_hang_gets_its_own_pages(client):
    owner = UserFactory(role=Role.HOUSEHOLD)
    seller = seller_create(household=HouseholdFactory(user=owner), name="Đơn Hàng")
    assert seller.slug == "don-hang-2"
    client.force_login(owner)
    shop = client.get(reverse("portal:shop", args=[seller.slug]))
    assert shop.status_code == 200
    assert shop.context["seller"] == seller
    orders = client.get(reverse("portal:order_list", args=[seller.slug]))
    assert orders.status_code == 200
    assert orders.context["seller"] == seller
    lots = client.get(reverse("portal:lot_list", args=[seller.slug]))
    assert lots.context["seller"] == seller


@pytest.mark.django_db
def test_a_reserved_address_cannot_be_given_by_hand_but_an_old_one_stays():
    seller = make_household_seller()
    seller.slug = "lo-hang"
    with pytest.raises(ValidationError) as refused:
        seller.full_clean()
    assert "slug" in refused.value.message_dict
    # A shop that already had such an address (made before the list) still saves.
    type(seller).objects.filter(pk=seller.pk).update(slug="lo-hang")
    seller.refresh_from_db()
    seller.phone = "+84912000009"
    seller.full_clean()
