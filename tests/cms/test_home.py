import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductStatus
from catalog.photos import photo_store
from cms.models import HomePage
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.images import images_on_page, picked_width, srcset_widths

pytestmark = pytest.mark.django_db


def test_home_page_shows_valid_ocop_products_with_a_search_box_and_categories(client):
    rated = CertificateFactory(product__name="Kẹo dừa Thanh Long", stars=4).product
    expired = CertificateFactory(
        product__name="Mắm ruốc cũ",
        decision_date=datetime.date.today() - datetime.timedelta(days=40 * 31),
    ).product
    ProductFactory(name="Bánh tráng nháp", status=ProductStatus.DRAFT)

    page = client.get("/").content.decode()

    assert rated.name in page
    assert expired.name not in page  # its stars are no longer valid
    assert "Bánh tráng nháp" not in page  # a draft is never public
    assert 'name="q"' in page and 'action="/san-pham/"' in page
    assert "/san-pham/?category=thuc-pham" in page


def test_home_page_shows_newest_live_products_when_none_is_rated(client):
    ProductFactory(name="Bưởi da xanh")
    assert "Bưởi da xanh" in client.get("/").content.decode()


def test_home_page_queries_do_not_grow_with_products(client):
    CertificateFactory()
    client.get("/")  # warm Wagtail's site and locale caches
    cache.clear()  # both counts with the categories read afresh
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(7):
        CertificateFactory()
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_first_body_image_loads_at_once_and_the_others_lazily(client):
    images = [photo_store(upload=jpeg_upload(size=(1600, 1200)), title="Ruộng") for _ in "ab"]
    home = HomePage.objects.get()
    home.body = [
        ("image", {"image": image, "decorative": False, "alt_text": "Ruộng dừa"})
        for image in images
    ]
    home.save_revision().publish()
    first, second = images_on_page(client.get("/").content.decode())[:2]
    assert "loading" not in first and first["fetchpriority"] == "high"
    assert second["loading"] == "lazy" and "fetchpriority" not in second
    assert srcset_widths(first) == [360, 540, 720] and picked_width(first, dpr=2) == 720
    assert first["width"] == "720"  # the img keeps its 720 px on a computer's screen
