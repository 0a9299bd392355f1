"""What a buyer clicks on the catalog at 360 px: every facet link, "Trang sau" to the
last page, the active-filter chips, a search that finds nothing, the English names.

These would have caught the dead `??` links: each test follows the links themselves.
"""

import re

import pytest

from catalog.models import Category
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.e2e.conftest import screenshot
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PAGE_SIZE = 24


@pytest.fixture
def shelves():
    """55 products: 30 sweets (some OCOP), 10 teas, 8 coffees from Gia Lai, 5 honeys, 2 pots."""
    gia_lai = ProvinceFactory(code="64", name="Tỉnh Gia Lai")
    # Sellers' names are part of what the search reads: fixed, not Faker's.
    mo_cay = make_household_seller(
        commune=CommuneFactory(name="Xã Mỏ Cày"), head_name="Lê Văn Hùng"
    )
    htx = make_cooperative_seller(commune=CommuneFactory(name="Xã Chợ Lách"))
    pleiku = make_household_seller(
        commune=CommuneFactory(name="Phường Pleiku", province=gia_lai), head_name="Lê Thị Hoa"
    )
    category = {c.slug: c for c in Category.objects.all()}
    shelf = [
        ("Kẹo dừa", "banh-keo", mo_cay, 30),
        ("Trà xanh", "tra", htx, 10),
        ("Cà phê", "ca-phe", pleiku, 8),
        ("Mật ong", "mat-ong", htx, 5),
        ("Bình gốm", "gom", mo_cay, 2),
    ]
    products = []
    for name, slug, seller, count in shelf:
        for n in range(count):
            products.append(
                ProductFactory(
                    name=f"{name} số {n + 1}",
                    category=category[slug],
                    seller=seller,
                    price=10000 + ((n * 7919) % 97) * 1000,
                )
            )
    for product, stars in zip(products[:12], [3, 4, 5] * 4, strict=True):
        CertificateFactory(product=product, stars=stars)
    return products


def _count(page) -> int:
    text = page.locator(".result-count").inner_text()
    return int(re.fullmatch(r"(\d+) sản phẩm", text.strip()).group(1))


def _tiles(page) -> list[str]:
    return page.locator(".catalog-results .tile .name").all_inner_texts()


def _open_filters(page):
    details = page.locator(".catalog-filters details")
    if details.get_attribute("open") is None:
        page.get_by_text("Lọc và sắp xếp").click()


def _all_pages(page) -> list[str]:
    """Names on this page and on every page after it, following "Trang sau"."""
    names = _tiles(page)
    while page.get_by_role("link", name="Trang sau").count():
        page.get_by_role("link", name="Trang sau").click()
        page.wait_for_load_state()
        names += _tiles(page)
    return names


def test_every_facet_link_shows_as_many_products_as_its_count(phone_page, shelves):
    page = phone_page
    page.goto("/san-pham/")
    _open_filters(page)
    links = page.locator("nav.facet a")
    labels = links.all_inner_texts()
    # Thực phẩm, Bánh kẹo, Mật ong, Đồ uống, Trà, Cà phê, Thủ công mỹ nghệ, Gốm, 3 star levels.
    assert len(labels) == 11, labels
    for index, label in enumerate(labels):
        page.goto("/san-pham/")
        _open_filters(page)
        link = links.nth(index)
        count = int(link.locator("xpath=following-sibling::span[1]").inner_text().strip("()"))
        link.click()
        page.wait_for_load_state()
        assert "??" not in page.url
        assert _count(page) == count, label
        assert len(_tiles(page)) == min(count, PAGE_SIZE), label
        assert len(set(_all_pages(page))) == count, label
        # The filter now applied shows as a chip above the results.
        assert page.locator(".active-filters .chip").count() == 1, label
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_province_from_the_filter_form_lists_only_its_products(phone_page, shelves):
    page = phone_page
    page.goto("/san-pham/")
    _open_filters(page)
    page.get_by_label("Tỉnh/thành").select_option(label="Tỉnh Gia Lai")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_load_state()
    assert _count(page) == 8
    places = page.locator(".catalog-results .tile .small").all_inner_texts()
    assert len(places) == 8 and all(p.endswith("Gia Lai") for p in places), places
    assert page.get_by_role("link", name="Bỏ bộ lọc: Tỉnh Gia Lai").is_visible()


def test_trang_sau_to_the_last_page_shows_every_product_once(phone_page, shelves):
    page = phone_page
    page.goto("/san-pham/")
    assert _count(page) == 55
    names = _all_pages(page)
    assert page.get_by_text("Trang 3 / 3").is_visible()
    assert len(names) == 55
    assert sorted(names) == sorted(p.name for p in shelves)
    page.get_by_role("link", name="Trang trước").click()
    assert page.get_by_text("Trang 2 / 3").is_visible()


def test_search_and_sort_survive_paging_facets_and_chips(phone_page, shelves):
    page = phone_page
    page.goto("/")
    page.get_by_placeholder("vd. keo dua, nuoc mam").fill("kẹo")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    assert _count(page) == 30
    _open_filters(page)
    page.get_by_label("Sắp xếp").select_option(label="Giá: thấp đến cao")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_load_state()
    assert _count(page) == 30
    names = _all_pages(page)
    assert "q=" in page.url and "sort=price" in page.url and "page=2" in page.url
    assert len(names) == 30 and all(n.startswith("Kẹo dừa") for n in names)
    by_name = {p.name: p.price for p in shelves}
    prices = [by_name[n] for n in names]
    assert prices == sorted(prices)

    # From page 2, a star level: back to page 1 of the search, still by price.
    _open_filters(page)
    stars = page.locator("nav.facet a", has_text="Từ 4 sao")
    count = int(stars.locator("xpath=following-sibling::span[1]").inner_text().strip("()"))
    stars.click()
    page.wait_for_load_state()
    assert "page=" not in page.url and "sort=price" in page.url and "q=" in page.url
    assert _count(page) == count == 8
    prices = [by_name[n] for n in _tiles(page)]
    assert prices == sorted(prices)
    screenshot(page, "catalog-chips-360")

    # Each chip takes its own filter away and leaves the others.
    assert page.get_by_role("link", name="Bỏ bộ lọc: Tìm: kẹo").is_visible()
    page.get_by_role("link", name="Bỏ bộ lọc: Từ 4 sao").click()
    page.wait_for_load_state()
    assert _count(page) == 30 and "sort=price" in page.url
    page.get_by_role("link", name="Bỏ bộ lọc: Tìm: kẹo").click()
    page.wait_for_load_state()
    assert _count(page) == 55
    assert page.locator(".active-filters").count() == 0


def test_tea_a_place_and_a_cooperative_are_found_by_their_names(phone_page, shelves):
    page = phone_page
    for query, count in (("tra", 10), ("Trà", 10), ("gia lai", 8), ("HTX", 15), ("vinh long", 47)):
        page.goto("/san-pham/")
        page.get_by_placeholder("vd. keo dua, nuoc mam").fill(query)
        page.get_by_role("button", name="Tìm kiếm").click()
        page.wait_for_load_state()
        assert _count(page) == count, query


def test_a_search_that_finds_nothing_suggests_categories_and_new_products(phone_page, shelves):
    page = phone_page
    page.goto("/san-pham/")
    page.get_by_placeholder("vd. keo dua, nuoc mam").fill("trà sữa")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    assert _count(page) == 0
    assert page.get_by_text("Sản phẩm mới").is_visible()
    assert len(_tiles(page)) == 8
    screenshot(page, "catalog-nothing-found-360")
    page.get_by_role("navigation", name="Loại hàng gợi ý").get_by_role("link", name="Trà").click()
    page.wait_for_load_state()
    assert _count(page) == 10


def test_english_pages_name_the_categories_in_english(phone_page, shelves):
    page = phone_page
    page.goto("/en/")
    page.get_by_role("link", name="Beverages").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Remove filter: Beverages").is_visible()
    page.get_by_text("Trà xanh số 1", exact=True).click()
    assert page.locator(".crumbs").inner_text() == "Products › Beverages › Tea"
