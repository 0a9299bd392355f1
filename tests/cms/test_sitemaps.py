"""The sitemap index and its sections, parsed as XML the way a crawler reads them."""

import datetime as dt

import pytest
from defusedxml import ElementTree
from django.template.loader import render_to_string
from django.utils import timezone

from catalog.models import Category, Product, ProductStatus
from cms.models import HomePage, StandardPage, StorefrontPage
from cms.sitemaps import SECTIONS
from marketplace.core import sitemaps
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_lot

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "https://cho-so.test"


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def index_files(client) -> list[str]:
    root = parse(client.get("/sitemap.xml"))
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def section(client, url: str) -> dict[str, dict]:
    """{location: {"lastmod": ..., "alternates": {hreflang: href}}} of one sitemap file."""
    root = parse(client.get(url.removeprefix(SITE)))
    return {
        entry.find("s:loc", NS).text: {
            "lastmod": getattr(entry.find("s:lastmod", NS), "text", None),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
            },
        }
        for entry in root.findall("s:url", NS)
    }


def everything(client) -> dict[str, dict]:
    urls = {}
    for url in index_files(client):
        urls.update(section(client, url))
    return urls


def test_products_for_sale_are_listed_in_both_languages_with_alternates(client):
    product = ProductFactory(slug="keo-dua-mo-cay")
    urls = section(client, f"{SITE}/sitemap-products.xml")
    vi, en = f"{SITE}/san-pham/keo-dua-mo-cay/", f"{SITE}/en/san-pham/keo-dua-mo-cay/"
    assert set(urls) == {vi, en}
    alternates = {"vi": vi, "en": en, "x-default": vi}
    assert urls[vi]["alternates"] == urls[en]["alternates"] == alternates
    assert urls[vi]["lastmod"] == timezone.localtime(product.updated_at).strftime("%Y-%m-%d")


def test_drafts_archived_and_recalled_products_are_not_listed(client):
    ProductFactory(slug="ban-duoc")
    ProductFactory(slug="ban-nhap", status=ProductStatus.DRAFT)
    ProductFactory(slug="da-luu-tru", status=ProductStatus.ARCHIVED)
    recalled = ProductFactory(slug="dang-thu-hoi")
    Product.objects.filter(pk=recalled.pk).update(on_recall=True)
    urls = " ".join(everything(client))
    assert "/san-pham/ban-duoc/" in urls
    for slug in ("ban-nhap", "da-luu-tru", "dang-thu-hoi"):
        assert f"/{slug}/" not in urls


def test_no_trace_page_portal_order_or_admin_url_is_listed(client):
    seller = make_household_seller()
    StorefrontPage.objects.get(seller=seller).get_latest_revision().publish()
    lot = make_lot(product=ProductFactory(seller=seller), actor=UserFactory())
    urls = everything(client)
    assert urls
    for url in urls:
        path = url.removeprefix(SITE).removeprefix("/en")
        assert not path.startswith(("/t/", "/01/", "/cua-hang-cua-toi/", "/don-hang/", "/admin/"))
    assert lot.code not in " ".join(urls)


def test_categories_with_products_for_sale_and_the_catalog_are_listed(client):
    ProductFactory(category=Category.objects.get(slug="banh-keo"))
    urls = section(client, f"{SITE}/sitemap-categories.xml")
    assert f"{SITE}/san-pham/" in urls
    assert f"{SITE}/en/san-pham/" in urls
    # A subcategory, and its parent whose page lists it.
    assert f"{SITE}/san-pham/?category=banh-keo" in urls
    assert f"{SITE}/san-pham/?category=thuc-pham" in urls
    assert f"{SITE}/san-pham/?category=tra" not in urls  # nothing for sale there
    entry = urls[f"{SITE}/en/san-pham/?category=banh-keo"]
    assert entry["alternates"]["x-default"] == f"{SITE}/san-pham/?category=banh-keo"


def test_pages_and_storefronts_are_dated_by_publication_or_their_products(client, clock):
    home = HomePage.objects.get()
    home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    seller = make_household_seller()
    shop = StorefrontPage.objects.get(seller=seller)
    shop.get_latest_revision().publish()
    clock.move_to(timezone.now() + dt.timedelta(days=3))
    ProductFactory(seller=seller)
    pages = section(client, f"{SITE}/sitemap-pages.xml")
    assert f"{SITE}/" in pages and f"{SITE}/en/" in pages
    assert pages[f"{SITE}/"]["alternates"] == {
        "vi": f"{SITE}/",
        "en": f"{SITE}/en/",
        "x-default": f"{SITE}/",
    }
    assert f"{SITE}/gioi-thieu/" in pages
    assert not any("/cua-hang/" + seller.slug in url for url in pages)
    storefronts = section(client, f"{SITE}/sitemap-storefronts.xml")
    entry = storefronts[f"{SITE}/cua-hang/{seller.slug}/"]
    assert entry["lastmod"] == "2026-06-18"  # the product, three days after publication


def test_an_unpublished_storefront_is_not_listed(client):
    seller = make_household_seller()
    ProductFactory(seller=seller)
    assert f"/cua-hang/{seller.slug}/" not in " ".join(everything(client))


def test_index_lists_a_file_per_page_of_a_section(client, monkeypatch):
    monkeypatch.setattr(sitemaps.LocalisedSitemap, "limit", 4)  # two products a file
    for n in range(5):
        ProductFactory(slug=f"sp-{n}")
    files = [url for url in index_files(client) if "products" in url]
    assert files == [
        f"{SITE}/sitemap-products.xml",
        f"{SITE}/sitemap-products.xml?p=2",
        f"{SITE}/sitemap-products.xml?p=3",
    ]
    listed = [set(section(client, url)) for url in files]
    assert [len(urls) for urls in listed] == [4, 4, 2]
    assert len(set().union(*listed)) == 10  # each product in both languages, once
    assert client.get("/sitemap-products.xml?p=4").status_code == 404
    assert client.get("/sitemap-products.xml?p=abc").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_page_of_products_costs_two_queries_whatever_its_size(
    client, monkeypatch, django_assert_num_queries
):
    for n in range(30):
        ProductFactory(slug=f"sp-{n}")
    with django_assert_num_queries(2):  # the count, the page's rows
        client.get("/sitemap-products.xml")
    monkeypatch.setattr(sitemaps.LocalisedSitemap, "limit", 10)
    with django_assert_num_queries(2):
        urls = section(client, f"{SITE}/sitemap-products.xml?p=2")
    assert len(urls) == 10


def test_the_index_costs_a_few_queries_whatever_the_number_of_products(
    client, django_assert_max_num_queries
):
    for n in range(30):
        ProductFactory(slug=f"sp-{n}")
    with django_assert_max_num_queries(9):  # the site, and a count and a date a section
        client.get("/sitemap.xml")


def test_sitemaps_are_shared_for_an_hour_and_kept(client, django_assert_num_queries):
    ProductFactory()
    response = client.get("/sitemap.xml")
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    client.get("/sitemap-products.xml")
    with django_assert_num_queries(0):
        client.get("/sitemap.xml")
        client.get("/sitemap-products.xml")


def test_a_product_change_is_in_the_next_sitemap(client):
    product = ProductFactory(slug="cu")
    client.get("/sitemap-products.xml")
    product.slug = "moi"
    product.save()
    assert f"{SITE}/san-pham/moi/" in section(client, f"{SITE}/sitemap-products.xml")


def test_a_product_slug_reads_the_same_as_its_page_address():
    product = ProductFactory(slug="vi")  # a slug that is also a language code
    sitemap = sitemaps.SlugSitemap()
    sitemap.url_name = "catalog:product_detail"
    assert sitemap.paths(product) == {
        "vi": f"{SITE}{product.get_absolute_url()}",
        "en": f"{SITE}/en/san-pham/vi/",
        "x-default": f"{SITE}/san-pham/vi/",
    }


def test_a_file_says_what_djangos_sitemap_template_would():
    ProductFactory(slug="a")
    ProductFactory(slug="b")
    urls = SECTIONS["products"]().get_urls()

    def entries(xml):
        root = ElementTree.fromstring(xml)
        return [
            (
                e.find("s:loc", NS).text,
                e.find("s:lastmod", NS).text,
                [(x.get("hreflang"), x.get("href")) for x in e.findall("x:link", NS)],
            )
            for e in root.findall("s:url", NS)
        ]

    ours = entries(sitemaps.urlset_xml(urls))
    assert len(ours) == 4
    assert ours == entries(render_to_string("sitemap.xml", {"urlset": urls}))
