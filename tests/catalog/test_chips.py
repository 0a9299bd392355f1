"""Active filters as chips: one per valid filter, each a link without it."""

import pytest
from django.http import QueryDict
from django.utils import translation

from catalog.filters import ProductFilter
from catalog.selectors import product_list
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db
PATH = "/san-pham/"


def chips(query: str, language="vi"):
    params = QueryDict(query)
    with translation.override(language):
        filterset = ProductFilter(params, queryset=product_list())
        filterset.is_valid()
        return [(c.param, c.label, c.href) for c in filterset.chips(path=PATH, params=params)]


@pytest.fixture
def product():
    return ProductFactory(name="Kẹo dừa")


def test_each_filter_is_a_chip_whose_link_drops_it_and_the_page(product):
    commune = product.origin_commune
    query = (
        f"q=kẹo+dừa&category=banh-keo&province={commune.province_id}&commune={commune.pk}"
        "&stars=4&price_min=10000&price_max=200000&in_stock=on&sort=price&page=2"
    )
    found = {param: (label, href) for param, label, href in chips(query)}
    assert list(found) == [
        "q", "category", "province", "commune", "stars", "price_min", "price_max", "in_stock"
    ]  # fmt: skip
    assert found["q"][0] == "Tìm: kẹo dừa"
    assert found["category"][0] == "Bánh kẹo"
    assert found["province"][0] == commune.province.name
    assert found["commune"][0] == commune.name
    assert found["stars"][0] == "Từ 4 sao"
    assert found["price_min"][0] == "Từ 10.000 ₫"
    assert found["price_max"][0] == "Đến 200.000 ₫"
    assert found["in_stock"][0] == "Chỉ hàng còn"
    for param, (_label, href) in found.items():
        kept = QueryDict(href.split("?", 1)[1])
        assert param not in kept and "page" not in kept
        assert kept["sort"] == "price"  # the order is not a filter: it stays
        assert len(kept) == 8  # every other filter and the order stay


def test_the_last_chip_links_to_the_bare_catalog(product):
    assert chips("category=banh-keo&page=3") == [("category", "Bánh kẹo", PATH)]


def test_values_not_understood_make_no_chip(product):
    assert chips("category=khong-co&stars=9&province=abc&price_min=-5&in_stock=") == []
    assert chips("sort=price") == []


def test_chips_in_english(product):
    assert chips("category=banh-keo&stars=3&price_min=5000", "en") == [
        ("category", "Cakes and sweets", PATH + "?stars=3&price_min=5000"),
        ("stars", "3 stars or more", PATH + "?category=banh-keo&price_min=5000"),
        ("price_min", "From ₫5,000", PATH + "?category=banh-keo&stars=3"),
    ]


def test_chips_cost_no_query(product, django_assert_num_queries):
    params = QueryDict("q=keo&category=banh-keo&stars=3")
    filterset = ProductFilter(params, queryset=product_list())
    filterset.is_valid()
    with django_assert_num_queries(0):
        assert len(filterset.chips(path=PATH, params=params)) == 3


def test_catalog_page_with_chips_keeps_its_query_count(client, django_assert_max_num_queries):
    for n in range(3):
        ProductFactory(name=f"Kẹo dừa {n}")
    client.get(PATH)  # categories and places cached, as in steady state
    with django_assert_max_num_queries(6):
        response = client.get(PATH, {"q": "keo", "category": "banh-keo", "stars": "", "page": 1})
    html = response.content.decode()
    assert 'href="/san-pham/?category=banh-keo&amp;stars=&amp;page=1"' not in html
    assert 'href="/san-pham/?category=banh-keo&amp;stars="' in html  # the search chip


def test_a_star_level_with_no_product_is_not_a_link(client, product):
    page = client.get(PATH).text
    assert "?stars=5" not in page and "Từ 5 sao" in page
