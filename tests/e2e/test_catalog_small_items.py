"""Small items at 360 px: an administrator names a category in English, the largest
image is not lazy, the site has an icon, the trace timeline keeps one order."""

from decimal import Decimal

import pytest

from catalog.models import Category
from catalog.services import product_photo_add
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory, jpeg_upload
from tests.e2e.conftest import login, screenshot
from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.services import event_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_names_a_category_in_english_and_en_pages_use_it(phone_page):
    ProductFactory(name="Chè Thái Nguyên", category=Category.objects.get(slug="tra"))
    UserFactory(phone="+84900000001", is_staff=True, is_superuser=True)
    page = phone_page
    login(page, "0900000001")
    page.goto("/admin/snippets/catalog/category/")
    page.get_by_role("link", name="Trà", exact=True).first.click()
    page.get_by_role("textbox", name="Tên tiếng Anh").fill("Green and black tea")
    page.get_by_role("button", name="Lưu").first.click()
    page.wait_for_load_state()
    page.goto("/en/san-pham/")
    page.get_by_text("Filters and sorting").click()
    page.get_by_role("link", name="Green and black tea").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Remove filter: Green and black tea").is_visible()
    assert page.get_by_text("Chè Thái Nguyên").is_visible()
    page.goto("/san-pham/")  # Vietnamese pages keep the Vietnamese name
    page.get_by_text("Lọc và sắp xếp").click()
    assert page.get_by_role("link", name="Trà", exact=True).is_visible()


def test_the_first_two_rows_of_photos_load_at_once_and_the_site_has_an_icon(phone_page):
    seller_user = UserFactory()
    for n in range(6):
        product = ProductFactory(name=f"Bưởi số {n}")
        product_photo_add(actor=seller_user, product=product, upload=jpeg_upload())
    page = phone_page
    page.goto("/san-pham/")
    images = page.locator(".catalog-results img.tile-img")
    assert images.count() == 6
    attributes = [
        (images.nth(i).get_attribute("loading"), images.nth(i).get_attribute("fetchpriority"))
        for i in range(6)
    ]
    assert attributes == [(None, "high")] + [(None, None)] * 3 + [("lazy", None)] * 2
    page.get_by_text("Bưởi số 3").click()
    photo = page.locator("img.product-photo")
    assert photo.get_attribute("loading") is None and photo.get_attribute("fetchpriority") == "high"
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(icon).status == 200
    response = page.request.get("/favicon.ico")
    assert response.status == 200 and response.headers["content-type"].startswith("image/")


def test_trace_timeline_lists_place_details_and_note_in_one_order(phone_page):
    lot = make_lot()
    commune = lot.seller.commune
    for n, (kind, fields) in enumerate(
        [
            (EventKind.PLANTING, {}),
            (EventKind.INPUT, {"input_product": "NPK", "dose": "1 kg", "phi_days": 7}),
            (EventKind.HARVEST, {"quantity": Decimal("200")}),
        ]
    ):
        event_record(
            lot=lot,
            actor=lot.created_by,
            kind=kind,
            occurred_at=days_ago(30 - n * 10),
            commune=commune,
            notes=f"Ghi chú {n}",
            **fields,
        )
    page = phone_page
    page.goto(f"/t/{lot.code}/")
    events = page.locator("ol.timeline > li")
    assert events.count() == 3
    place = f"{commune.name}, {commune.province.short_name}"
    for n in range(3):
        text = events.nth(n).inner_text().splitlines()
        # date, step, place, [details], note: the place always third, the note always last.
        assert text[2] == place and text[-1] == f"Ghi chú {n}", text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "catalog-trace-timeline-360")
