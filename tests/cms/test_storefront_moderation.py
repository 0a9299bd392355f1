import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import services as catalog_services
from cms.models import StorefrontPage
from cms.services import COVER_RENDITIONS, site_root_ensure, storefront_save
from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.images import images_on_page, picked_width, srcset_widths
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(commune):
    site_root_ensure()
    farmer = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, commune=commune)
    return farmer, seller, StorefrontPage.objects.get(seller=seller)


def test_first_publication_waits_for_an_officer_of_the_area(client, shop, officer):
    farmer, seller, page = shop
    client.force_login(farmer)
    url = reverse("portal:storefront_edit", args=[seller.slug])
    client.post(url, {"story": "Nhà tôi làm kẹo dừa.\n\nBa đời."})
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress
    # The farmer cannot approve their own shop; an officer elsewhere cannot either.
    decide = reverse("portal:storefront_decide", args=[seller.slug])
    assert client.post(decide).status_code == 403
    page.refresh_from_db()
    assert not page.live
    client.force_login(OfficerFactory(communes=[CommuneFactory()]))
    assert client.post(decide).status_code == 403
    client.force_login(officer)
    assert seller.name in client.get(reverse("portal:approvals")).content.decode()
    client.post(decide, {"decision": "approve"})
    page.refresh_from_db()
    assert page.live
    assert "<p>Nhà tôi làm kẹo dừa.</p>" in page.story


def test_later_edits_publish_directly(client, shop, officer):
    farmer, seller, page = shop
    client.force_login(farmer)
    url = reverse("portal:storefront_edit", args=[seller.slug])
    client.post(url, {"story": "Một"})
    client.force_login(officer)
    client.post(reverse("portal:storefront_decide", args=[seller.slug]), {"decision": "approve"})
    client.force_login(farmer)
    client.post(url, {"story": "Hai <script>"})
    page.refresh_from_db()
    assert page.story == "<p>Hai &lt;script&gt;</p>"
    assert not page.workflow_in_progress


def test_storefront_lists_live_products_with_badges_in_fixed_queries(client, shop):
    _, seller, page = shop
    page.save_revision().publish()
    for n in range(6):
        product = ProductFactory(seller=seller, name=f"Kẹo {n}")
        CertificateFactory(product=product, stars=4)
        catalog_services.product_photo_add(
            actor=UserFactory(), product=product, upload=jpeg_upload()
        )
    ProductFactory(seller=seller, name="Nháp", status="draft")
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    html = response.content.decode()
    assert "Kẹo 5" in html and "Nháp" not in html and "OCOP 4★" in html
    assert len(queries) <= 12, "\n".join(q["sql"][:90] for q in queries)


def test_cover_photo_is_the_first_paint_in_phone_widths(
    client, shop, django_capture_on_commit_callbacks
):
    farmer, seller, page = shop
    page.save_revision().publish()
    product = ProductFactory(seller=seller)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.product_photo_add(actor=farmer, product=product, upload=jpeg_upload())
        storefront_save(
            actor=farmer, page=page, story="", cover_upload=jpeg_upload(size=(1600, 1200))
        )
    page.refresh_from_db()
    assert page.cover_image.renditions.count() == len(COVER_RENDITIONS)
    html = client.get(page.url).content.decode()
    (cover,) = images_on_page(html, "cover")
    assert "loading" not in cover and cover["fetchpriority"] == "high"
    assert srcset_widths(cover) == [360, 540, 720, 1080]
    assert (cover["width"], cover["height"]) == ("360", "150")
    assert picked_width(cover, dpr=2) == 720
    # The cover is the largest paint: the tiles under it leave it the bandwidth.
    (tile,) = images_on_page(html, "tile-img")
    assert "fetchpriority" not in tile
    assert page.cover_image.renditions.count() == len(COVER_RENDITIONS)  # none made on view


def test_the_seller_hears_when_the_review_ends(client, shop, officer):
    from marketplace.notifications.models import Message

    farmer, seller, page = shop
    edit = reverse("portal:storefront_edit", args=[seller.slug])
    decide = reverse("portal:storefront_decide", args=[seller.slug])
    client.force_login(farmer)
    client.post(edit, {"story": "Một"})
    client.force_login(officer)
    client.post(decide, {"decision": "reject"})
    client.force_login(farmer)
    client.post(edit, {"story": "Hai"})
    client.force_login(officer)
    client.post(decide, {"decision": "approve"})
    events = list(
        Message.objects.filter(recipient=farmer).order_by("pk").values_list("event", "text")
    )
    assert [event for event, _text in events] == ["storefront_rejected", "storefront_approved"]
    assert seller.name in events[1][1]
    client.force_login(farmer)
    assert "Cửa hàng" in client.get(reverse("notifications:list")).content.decode()
