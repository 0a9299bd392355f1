"""A product page as a buyer sees it on a phone, and as a crawler or chat app reads it
from the same page: the structured data changes nothing on screen and breaks no policy."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.services import product_photo_add
from cms.models import StorefrontPage
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory, jpeg_upload
from tests.e2e.conftest import screenshot
from tests.sellers.factories import make_household_seller
from traceability.models import EventKind
from traceability.services import event_record, lot_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_shared_product_page_shows_the_product_and_tells_crawlers_its_offer(phone_page):
    farmer = UserFactory(phone="+84900000021", role="household")
    seller = make_household_seller(user=farmer, head_name="Nguyễn Thị Ba")
    StorefrontPage.objects.get(seller=seller).get_latest_revision().publish()
    product = ProductFactory(
        seller=seller,
        name="Kẹo dừa sáp Mỏ Cày",
        price=125000,
        stock=40,
        description="<p>Kẹo dừa sáp, làm tay từ dừa sáp Cầu Kè.</p>",
    )
    product_photo_add(actor=farmer, product=product, upload=jpeg_upload(size=(1200, 900)))
    page = phone_page
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    # From a link shared on Zalo, with its tracking tag.
    page.goto(f"/san-pham/{product.slug}/?utm_source=zalo")
    assert page.get_by_role("heading", level=1).inner_text() == "Kẹo dừa sáp Mỏ Cày"
    assert "125.000 ₫" in page.locator(".price").inner_text()
    assert page.get_by_role("button", name="Thêm vào giỏ").is_visible()
    # Nothing of the head shows, and the page is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("body").inner_text().count("schema.org") == 0
    screenshot(page, "seo-product-page-360")
    # What a crawler reads, parsed by the browser itself.
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["offers"]["price"] == "125000" and data["offers"]["priceCurrency"] == "VND"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"https://cho-so.test/san-pham/{product.slug}/"
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert image.endswith(".jpg")
    assert violations == []


def test_the_trace_page_says_where_the_resolver_points_for_recall_and_certificates(phone_page):
    farmer = UserFactory(phone="+84900000022", role="household")
    seller = make_household_seller(user=farmer)
    product = ProductFactory(seller=seller, name="Bưởi da xanh")
    lot = lot_create(
        product=product, actor=farmer, quantity=Decimal("50"), unit="kg", gtin="8931234567897"
    )
    event_record(
        lot=lot,
        actor=farmer,
        kind=EventKind.INSPECTION,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        certificate_name="VietGAP",
    )
    page = phone_page
    # What a retailer's app asks the QR's resolver for, then opens.
    page.goto(f"/01/08931234567897/10/{lot.lot_number}?linkType=gs1:recallStatus")
    assert page.url.endswith(f"/t/{lot.code}/#recall")
    assert page.locator("#recall").inner_text() == "Không bị thu hồi"
    page.goto(f"/01/08931234567897/10/{lot.lot_number}?linkType=gs1:certificationInfo")
    assert page.locator("#certificates").inner_text() == "Chứng nhận"
    assert "VietGAP" in page.locator(".trace-certs").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "seo-trace-page-recall-and-certificates-360")
