import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import services
from catalog.models import Category
from catalog.selectors import TILE_RENDITIONS
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload

pytestmark = pytest.mark.django_db
URL = "/san-pham/"


def names(response):
    return [p.name for p in response.context["page"].object_list]


def test_url_names():
    assert reverse("catalog:product_list") == URL
    assert reverse("portal:home") == "/cua-hang-cua-toi/"


@pytest.mark.parametrize(
    ("query", "found"), [("nuoc mam", True), ("NƯỚC MẮM", True), ("mam tam", True), ("xoai", False)]
)
def test_search_without_diacritics(client, query, found):
    ProductFactory(name="Nước mắm Tam Quan")
    response = client.get(URL, {"q": query})
    assert (names(response) == ["Nước mắm Tam Quan"]) is found


def test_keo_dua_finds_keo_dua(client):
    ProductFactory(name="Kẹo dừa Mỏ Cày")
    # Not in "Bánh kẹo" (the factories' category), whose name the search also reads.
    ProductFactory(name="Dầu dừa", category=Category.objects.get(slug="tinh-dau"))
    assert names(client.get(URL, {"q": "keo dua"})) == ["Kẹo dừa Mỏ Cày"]


def test_filters_and_sort(client):
    cheap = ProductFactory(name="A", price=10000, stock=0)
    dear = ProductFactory(name="B", price=90000, category=Category.objects.get(slug="tra"))
    CertificateFactory(product=dear, stars=5)
    assert names(client.get(URL, {"sort": "price"})) == ["A", "B"]
    assert names(client.get(URL, {"sort": "-price"})) == ["B", "A"]
    assert names(client.get(URL, {"price_min": "50000"})) == ["B"]
    assert names(client.get(URL, {"price_max": "50000"})) == ["A"]
    assert names(client.get(URL, {"in_stock": "on"})) == ["B"]
    assert names(client.get(URL, {"stars": "5"})) == ["B"]
    assert names(client.get(URL, {"category": "do-uong"})) == ["B"]
    assert names(client.get(URL, {"commune": cheap.origin_commune_id})) == ["A"]
    province = dear.origin_commune.province_id
    assert set(names(client.get(URL, {"province": province}))) == {"A", "B"}


def test_counts_per_category_and_stars(client):
    ProductFactory()
    CertificateFactory(product=ProductFactory(), stars=4)
    response = client.get(URL)
    categories = {c.slug: c.count for c in response.context["categories"]}
    assert categories["thuc-pham"] == 2
    assert dict(response.context["star_counts"]) == {3: 1, 4: 1, 5: 0}


def test_expired_certificate_hides_stars(client):
    product = ProductFactory(name="Dầu dừa")
    CertificateFactory(product=product, stars=5, decision_date=datetime.date(2020, 1, 1))
    assert names(client.get(URL, {"stars": "3"})) == []
    page = client.get(product.get_absolute_url())
    assert "OCOP 5" not in page.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"stars": "x", "price_min": "abc", "sort": "zzz", "category": "nope", "page": "-1"},
        {"province": "99999999999999999999", "commune": "a'; drop", "price_max": "1e400"},
        {"price_min": "-5", "page": "99999", "in_stock": "maybe", "q": "x" * 500},
    ],
)
def test_invalid_values_never_500(client, params):
    ProductFactory()
    assert client.get(URL, params).status_code == 200


def test_english_catalog(client):
    ProductFactory()
    assert client.get("/en/san-pham/").status_code == 200


def test_draft_products_are_not_listed(client):
    ProductFactory(name="Nháp", status="draft")
    assert names(client.get(URL)) == []
    assert client.get("/san-pham/san-pham-x/").status_code == 404


def _with_photos(n):
    for product in [ProductFactory() for _ in range(n)]:
        CertificateFactory(product=product)
        services.product_photo_add(
            actor=product.seller.created_by or _officer(), product=product, upload=jpeg_upload()
        )


def _officer():
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.mark.parametrize("count", [2, 30])
def test_catalog_query_count_is_fixed(client, count):
    _with_photos(count)
    client.get(URL, {"category": "thuc-pham", "stars": "3"})  # renditions made once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"category": "thuc-pham", "stars": "3", "q": "san"})
    assert response.status_code == 200
    assert len(queries) <= 12, [q["sql"][:120] for q in queries]


def test_product_page_query_count(client):
    _with_photos(1)
    product = ProductFactory()
    CertificateFactory(product=product)
    services.product_photo_add(actor=_officer(), product=product, upload=jpeg_upload())
    client.get(product.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"][:120] for q in queries]


def test_catalog_cold_reads_eight_queries_at_most_and_tiles_show_the_first_photo(client):
    from django.core.cache import cache

    _with_photos(30)
    product = ProductFactory(name="Mật ong hai ảnh")
    first = services.product_photo_add(actor=_officer(), product=product, upload=jpeg_upload())
    services.product_photo_add(actor=_officer(), product=product, upload=jpeg_upload("b.jpg"))
    client.get(URL)  # renditions made once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(queries) <= 8, [q["sql"][:120] for q in queries]
    tile = next(p for p in response.context["page"].object_list if p.pk == product.pk)
    assert [photo.pk for photo in tile.tile_photos] == [first.pk]
    rendition = first.image.get_rendition(TILE_RENDITIONS[-1])
    assert rendition.url in response.text
