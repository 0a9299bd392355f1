"""The product form reads a price the way a farmer writes it."""

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.catalog.test_portal import shops  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _product(price):
    return {
        "name": "Bưởi da xanh",
        "category": 5,
        "price": price,
        "unit": "kg",
        "stock": "10",
        "status": "live",
        "description": "",
    }


@pytest.mark.parametrize(
    ("written", "dong"), [("85.000", 85_000), ("85k", 85_000), ("1,2 triệu", 1_200_000)]
)
def test_price_typed_with_thousands_is_saved_in_dong(client, shops, written, dong):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    response = client.post(reverse("portal:product_create", args=[seller.slug]), _product(written))
    assert response.status_code == 302
    assert Product.objects.get(seller=seller).price == dong
    page = client.get(response.url).content.decode()
    assert 'value="{}"'.format(f"{dong:,}".replace(",", ".")) in page


def test_ambiguous_price_is_refused_and_nothing_saved(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    response = client.post(
        reverse("portal:product_create", args=[seller.slug]), _product("85.000.00")
    )
    assert response.status_code == 400
    assert "có thể hiểu theo nhiều cách" in response.content.decode()
    assert not Product.objects.filter(seller=seller).exists()


def test_price_under_a_thousand_is_saved_with_a_warning(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    response = client.post(
        reverse("portal:product_create", args=[seller.slug]), _product("85"), follow=True
    )
    assert Product.objects.get(seller=seller).price == 85
    assert "dưới 1.000 ₫" in response.content.decode()
