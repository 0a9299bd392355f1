"""What search engines, Zalo and Facebook read of a product page, parsed as they parse it
(extruct: JSON-LD, Open Graph, microdata), and the head's canonical and hreflang links."""

import extruct
import pytest
from lxml import html as lxml_html

from catalog import photos, services
from catalog.models import ProductStatus
from cms.models import StorefrontPage
from tests.accounts.factories import UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_lot

pytestmark = pytest.mark.django_db
SITE = "https://cho-so.test"


def page_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    data = extruct.extract(
        text, base_url=SITE + url, syntaxes=["json-ld", "opengraph", "microdata"], uniform=True
    )
    products = [d for d in data["json-ld"] if d.get("@type") == "Product"]
    [og] = data["opengraph"]
    return text, (products[0] if products else None), og


def head_links(text) -> dict:
    tree = lxml_html.fromstring(text)
    return {
        "canonical": tree.xpath("//head/link[@rel='canonical']/@href"),
        "alternates": {
            link.get("hreflang"): link.get("href")
            for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")
        },
        "meta": {
            (m.get("name") or m.get("property")): m.get("content")
            for m in tree.xpath("//head/meta[@content]")
        },
    }


@pytest.fixture
def product():
    seller = make_household_seller(head_name="Nguyễn Thị Ba")
    StorefrontPage.objects.get(seller=seller).get_latest_revision().publish()
    product = ProductFactory(
        seller=seller,
        name="Kẹo dừa sáp Mỏ Cày",
        slug="keo-dua-sap",
        price=125000,
        stock=40,
        sku="KD-01",
        description="<p>Kẹo dừa <strong>sáp</strong>, làm tay.</p>",
    )
    photo = services.product_photo_add(actor=UserFactory(), product=product, upload=jpeg_upload())
    photo.image.get_renditions(*photos.PHOTO_RENDITIONS)  # as the upload's task does
    return product


def test_product_json_ld_says_name_price_in_dong_stock_photo_and_seller(client, product):
    _text, data, _og = page_data(client, "/san-pham/keo-dua-sap/")
    assert data["name"] == "Kẹo dừa sáp Mỏ Cày"
    assert data["url"] == f"{SITE}/san-pham/keo-dua-sap/"
    assert data["description"] == "Kẹo dừa sáp, làm tay."
    assert data["sku"] == "KD-01"
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "125000" and int(offer["price"]) == product.price
    assert offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock"
    shop = f"{SITE}/cua-hang/{product.seller.slug}/"
    assert (
        data["brand"]
        == offer["seller"]
        == {
            "@type": "Organization",
            "name": product.seller.name,
            "url": shop,
        }
    )
    assert data["image"] and all(url.startswith(f"{SITE}/media/images/") for url in data["image"])
    assert any(".fill-720x720." in url for url in data["image"])
    for claim in ("aggregateRating", "review", "gtin", "award"):
        assert claim not in data  # no rating, no GTIN and no OCOP unless real


def test_availability_follows_stock_archiving_and_recall(client, product):
    url = "/san-pham/keo-dua-sap/"
    product.stock = 0
    product.save()  # a new catalog version: the page is built again
    assert page_data(client, url)[1]["offers"]["availability"] == "https://schema.org/OutOfStock"
    product.status = ProductStatus.ARCHIVED
    product.save()
    offer = page_data(client, url)[1]["offers"]
    assert offer["availability"] == "https://schema.org/Discontinued"
    product.status = ProductStatus.LIVE
    product.on_recall = True
    product.save()
    text, data, _og = page_data(client, url)
    assert "offers" not in data  # on recall: not offered at all
    assert "đang bị thu hồi" in text


def test_a_real_gtin_from_the_lots_and_valid_ocop_stars_are_said(client, product):
    make_lot(product=product, gtin="8931234567897", actor=UserFactory())
    CertificateFactory(product=product, stars=4)
    _text, data, _og = page_data(client, "/san-pham/keo-dua-sap/")
    assert data["gtin"] == "08931234567897"
    assert data["award"] == "OCOP 4 sao"


def test_open_graph_and_twitter_cards_show_the_photo_price_and_address(client, product):
    text, _data, og = page_data(client, "/san-pham/keo-dua-sap/")
    assert og["@type"] == "product"
    assert og["og:title"] == "Kẹo dừa sáp Mỏ Cày"
    assert og["og:url"] == f"{SITE}/san-pham/keo-dua-sap/"
    assert og["og:locale"] == "vi_VN"
    assert og["og:site_name"] == "Chợ Số"
    assert "125.000 ₫" in og["og:description"] and "Kẹo dừa sáp, làm tay." in og["og:description"]
    assert og["og:image"].startswith(f"{SITE}/media/images/")
    assert og["og:image"].endswith(".jpg")  # JPEG: every chat app's preview reads it
    meta = head_links(text)["meta"]
    assert meta["og:locale:alternate"] == "en_US"
    assert int(meta["og:image:width"]) > 0 and int(meta["og:image:height"]) > 0
    assert meta["product:price:amount"] == "125000"
    assert meta["product:price:currency"] == "VND"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == og["og:image"]
    assert meta["twitter:title"] == og["og:title"]


def test_canonical_and_hreflang_alternates_of_a_product_in_english(client, product):
    text = client.get("/en/san-pham/keo-dua-sap/?utm_source=zalo&fbclid=x").content.decode()
    links = head_links(text)
    assert links["canonical"] == [f"{SITE}/en/san-pham/keo-dua-sap/"]
    assert links["alternates"] == {
        "vi": f"{SITE}/san-pham/keo-dua-sap/",
        "en": f"{SITE}/en/san-pham/keo-dua-sap/",
        "x-default": f"{SITE}/san-pham/keo-dua-sap/",
    }
    assert links["meta"]["og:locale"] == "en_US"


def test_a_name_that_closes_the_script_cannot_leave_the_json(client):
    ProductFactory(name='Mắm "ngon" </script><script>alert(1)</script> & cay', slug="mam")
    text, data, _og = page_data(client, "/san-pham/mam/")
    assert data["name"] == 'Mắm "ngon" </script><script>alert(1)</script> & cay'
    assert "<script>alert(1)" not in text


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", "/san-pham/"),
        ("?utm_source=zalo", "/san-pham/"),
        ("?category=banh-keo", "/san-pham/?category=banh-keo"),
        ("?category=banh-keo&page=2", "/san-pham/?category=banh-keo&page=2"),
        ("?category=banh-keo&page=2&sort=price", "/san-pham/?category=banh-keo"),
        ("?q=keo&page=2", "/san-pham/"),
        ("?category=banh-keo&stars=4", "/san-pham/?category=banh-keo"),
        ("?category=khong-co", "/san-pham/"),
    ],
)
def test_catalog_canonical_keeps_the_category_and_the_page_of_an_unfiltered_list(
    client, query, canonical
):
    for n in range(30):
        ProductFactory(slug=f"sp-{n}")
    links = head_links(client.get(f"/san-pham/{query}").content.decode())
    assert links["canonical"] == [SITE + canonical]
    assert links["alternates"]["en"] == SITE + "/en" + canonical


def test_home_storefront_and_catalog_have_share_cards(client, product):
    shop = f"/cua-hang/{product.seller.slug}/"
    for url in ("/", shop, "/san-pham/?category=banh-keo"):
        text, _data, og = page_data(client, url)
        assert og["@type"] == "website" and og["og:title"] and og["og:description"]
        assert og["og:url"] == SITE + url
        assert og["og:image"].startswith(SITE)
    _text, _data, og = page_data(client, "/san-pham/?category=banh-keo")
    assert og["og:title"] == "Bánh kẹo · Sản phẩm"
    _text, _data, og = page_data(client, "/")
    assert og["og:image"] == f"{SITE}/static/img/share.png"


def test_not_found_pages_ask_not_to_be_indexed(client):
    text = client.get("/san-pham/khong-co/").content.decode()
    assert '<meta name="robots" content="noindex">' in text
    assert 'rel="canonical"' not in text


def test_the_page_with_its_share_card_and_json_ld_keeps_its_query_count(
    client, product, django_assert_max_num_queries
):
    """The GTIN comes with the lots the page lists (one query for both), the photos'
    sizes with the photos."""
    for _ in range(3):
        make_lot(product=product, gtin="8931234567897", actor=UserFactory())
    CertificateFactory(product=product, stars=4)
    with django_assert_max_num_queries(10):
        response = client.get("/san-pham/keo-dua-sap/")
    assert "08931234567897" in response.content.decode()
