"""robots.txt, read by the standard library's parser the way a crawler reads it."""

import urllib.robotparser

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# Pages only their person should open (a shop's portal, carts, orders, accounts,
# notifications, officers' pages), the administrations, and trace pages (a GET counts
# a scan of the lot's QR).
PRIVATE = [
    ("portal:home", []),
    ("portal:order_list", ["nha-ba"]),
    ("orders:cart", []),
    ("orders:checkout", []),
    ("orders:my_orders", []),
    ("orders:order_detail", ["abc"]),
    ("accounts:login", []),
    ("accounts:signup", []),
    ("onboarding:password_forgotten", []),
    ("onboarding:takeover", []),
    ("notifications:list", []),
    ("dashboard:dashboard", []),
    ("training:session_list", []),
    ("ocop:queue", []),
    ("traceability:trace", ["ABCDEFGHJK"]),
]
PUBLIC = ["/", "/san-pham/", "/san-pham/keo-dua/", "/cua-hang/nha-ba/", "/gioi-thieu/"]


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return response, parser


@pytest.mark.parametrize("language", ["vi", "en"])
def test_private_pages_and_trace_pages_are_disallowed_in_both_languages(client, language):
    _response, parser = robots(client)
    with translation.override(language):
        paths = [reverse(name, args=args) for name, args in PRIVATE]
    for path in paths + ["/admin/", "/django-admin/", "/stripe/webhook/"]:
        assert not parser.can_fetch("*", f"https://cho-so.test{path}"), path


def test_public_pages_are_allowed_in_both_languages(client):
    _response, parser = robots(client)
    for path in PUBLIC:
        for prefix in ("", "/en"):
            assert parser.can_fetch("*", f"https://cho-so.test{prefix}{path}"), prefix + path


def test_the_sitemap_is_named_with_its_absolute_address(client):
    response, parser = robots(client)
    assert parser.site_maps() == ["https://cho-so.test/sitemap.xml"]
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_robots_is_served_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/robots.txt")
