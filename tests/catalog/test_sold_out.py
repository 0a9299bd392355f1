"""A product sold out (or recalled) is shown so at once on every page that was kept for
visitors; a sale that leaves stock starts no new catalog version."""

import pytest

from catalog import services
from cms.models import StorefrontPage
from cms.services import site_root_ensure
from marketplace.core import versions
from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db
CATALOG = "/san-pham/"


@pytest.fixture
def shop():
    site_root_ensure()
    owner = UserFactory()
    seller = make_household_seller(user=owner)
    page = StorefrontPage.objects.get(seller=seller)
    page.save_revision().publish()
    product = make_product(seller=seller, stock=2, name="Bưởi da xanh Bến Tre")
    return owner, product, page


def pages(client, product, storefront):
    """The product page, the catalog and the storefront, as a visitor without a session
    gets them (from the site's visitor cache once kept)."""
    return [
        client.get(product.get_absolute_url()).text,
        client.get(CATALOG).text,
        client.get(storefront.url).text,
    ]


def test_the_last_one_sold_shows_sold_out_at_once_everywhere(client, shop):
    _owner, product, storefront = shop
    before = pages(client, product, storefront)
    assert "Còn hàng: 2" in before[0] and "Hết hàng" not in before[1] + before[2]
    place({product: 2})
    product_page, catalog, storefront_page = pages(client, product, storefront)
    assert "Hết hàng" in product_page and "Còn hàng" not in product_page
    assert "Thêm vào giỏ" not in product_page
    assert "Hết hàng" in catalog and "Hết hàng" in storefront_page


def test_a_sale_that_leaves_stock_keeps_the_catalog_version(client, shop):
    _owner, product, _storefront = shop
    version = versions.current("catalog")
    place({product: 1})
    assert versions.current("catalog") == version
    place({product: 1})  # the last one
    assert versions.current("catalog") != version


def test_stock_given_back_from_zero_shows_in_stock_at_once(client, shop):
    owner, product, storefront = shop
    order = place({product: 2})
    assert "Hết hàng" in pages(client, product, storefront)[0]
    seller_order_transition(
        actor=owner, seller_order=order.seller_orders.get(), to_status=OrderStatus.CANCELLED,
        note="Khách đổi ý",
    )  # fmt: skip
    product_page, catalog, storefront_page = pages(client, product, storefront)
    assert "Còn hàng: 2" in product_page
    assert "Hết hàng" not in catalog + storefront_page


def test_stock_given_back_above_zero_keeps_the_catalog_version(shop):
    owner, product, _storefront = shop
    order = place({product: 1})
    version = versions.current("catalog")
    seller_order_transition(
        actor=owner, seller_order=order.seller_orders.get(), to_status=OrderStatus.CANCELLED,
        note="Khách đổi ý",
    )  # fmt: skip
    assert versions.current("catalog") == version


def test_sold_out_pages_leave_the_proxy_once_committed(
    shop, settings, monkeypatch, django_capture_on_commit_callbacks
):
    _owner, product, storefront = shop
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": "x", "LOCATION": "http://proxy"}}
    purged = []
    monkeypatch.setattr("marketplace.core.http_cache.purge_urls_from_cache", purged.extend)
    with django_capture_on_commit_callbacks(execute=True):
        place({product: 1})
    assert purged == []
    with django_capture_on_commit_callbacks(execute=True):
        place({product: 1})
    site = settings.SITE_URL
    paths = {url.removeprefix(site) for url in purged}
    assert paths >= {
        CATALOG,
        product.get_absolute_url(),
        f"/cua-hang/{storefront.slug}/",
        f"/en/cua-hang/{storefront.slug}/",
    }


def test_a_recalled_product_is_shown_recalled_at_once(client, shop):
    _owner, product, storefront = shop
    assert product.name in "".join(pages(client, product, storefront)[1:])
    services.product_recall_mark(product_id=product.pk, reason="Lô bị thu hồi", trace_code="")
    product_page, catalog, storefront_page = pages(client, product, storefront)
    assert "đang bị thu hồi" in product_page and "Còn hàng" not in product_page
    assert product.name not in catalog and product.name not in storefront_page
