"""The product page a buyer opens from the catalog: 4 photos, an OCOP certificate, 5 lots."""

import pytest

from catalog import services as catalog_services
from tests.accounts.factories import UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.traceability.factories import make_lot

from .report import beside_the_floor

pytestmark = pytest.mark.django_db
RUNS = 50


def test_product_page(client):
    product = ProductFactory(name="Kẹo dừa sáp Mỏ Cày", stock=500)
    CertificateFactory(product=product, stars=4)
    catalog_services.product_stars_refresh(product=product)
    actor = UserFactory()
    for _ in range(4):
        catalog_services.product_photo_add(actor=actor, product=product, upload=jpeg_upload())
    for _ in range(5):
        make_lot(product=product, actor=actor)
    queries, response = beside_the_floor(
        client, "product page (4 photos, OCOP, 5 lots)", f"/san-pham/{product.slug}/", RUNS
    )
    assert product.name in response.text
    assert queries <= 12
