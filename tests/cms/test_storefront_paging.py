"""A storefront lists its products in pages, like the catalog, in a fixed number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.paging import PAGE_SIZE
from cms.models import StorefrontPage
from cms.services import site_root_ensure
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def storefront():
    site_root_ensure()
    seller = make_household_seller()
    page = StorefrontPage.objects.get(seller=seller)
    page.save_revision().publish()
    return seller, page


def stock(seller, n):
    # Names sort in the order made: "Sản phẩm 00" ... (no stars: by name).
    return [ProductFactory(seller=seller, name=f"Sản phẩm {i:02d}") for i in range(n)]


def shown(response):
    assert response.status_code == 200
    return [p.name for p in response.context["products"]]


def test_thirty_products_are_two_pages_with_a_pager(client, storefront):
    seller, page = storefront
    products = stock(seller, 30)
    first = client.get(page.url)
    assert shown(first) == [p.name for p in products[:PAGE_SIZE]]
    assert "Trang 1 / 2" in first.text and 'href="?page=2#san-pham"' in first.text
    heading = BeautifulSoup(first.text, "html.parser").find(id="san-pham")
    assert heading.get_text() == "Sản phẩm (30)"
    second = client.get(page.url, {"page": "2"})
    assert shown(second) == [p.name for p in products[PAGE_SIZE:]]
    assert "Trang 2 / 2" in second.text and 'href="?page=1#san-pham"' in second.text


@pytest.mark.parametrize(("number", "expected"), [("abc", 1), ("0", 2), ("-1", 2), ("99", 2)])
def test_a_page_number_not_understood_is_the_first_or_last_page(
    client, storefront, number, expected
):
    seller, page = storefront
    stock(seller, 30)
    response = client.get(page.url, {"page": number})
    assert response.context["products_page"].number == expected
    assert client.get(page.url, {"page": "1" * 40}).status_code == 200


def test_each_page_is_kept_for_visitors_apart(client, storefront):
    seller, page = storefront
    stock(seller, 30)
    client.get(page.url)
    client.get(page.url, {"page": "2"})
    # Both now come from the visitor cache (no context: nothing was rendered).
    first, second = client.get(page.url), client.get(page.url, {"page": "2"})
    assert first.context is None and second.context is None
    assert "Sản phẩm 00" in first.text and "Sản phẩm 00" not in second.text
    assert "Sản phẩm 29" in second.text and "Sản phẩm 29" not in first.text


def test_badges_come_from_every_page(client, storefront):
    seller, page = storefront
    stock(seller, 30)
    CertificateFactory(product=ProductFactory(seller=seller, name="Zzz"), stars=5)
    response = client.get(page.url, {"page": "2"})
    # The 5-star product sorts first, on page 1: its badge shows on page 2 too.
    assert "Zzz" not in shown(response)
    assert response.context["ocop_badges"] == [5] and "OCOP 5★" in response.text


@pytest.mark.parametrize("total", [3, 40])
def test_a_storefront_page_reads_a_fixed_number_of_queries(client, storefront, total):
    seller, page = storefront
    for product in stock(seller, total)[:2]:
        CertificateFactory(product=product, stars=4)
    client.get(page.url)
    cache.clear()  # rendered again, not served from the visitor cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url, {"page": "2"} if total > PAGE_SIZE else {})
    assert response.status_code == 200 and response.context["products"]
    assert len(queries) <= 12, "\n".join(q["sql"][:90] for q in queries)
