"""Work done outside the page request: OCOP stars after an expiry, photo renditions."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from catalog import photos, services, tasks
from catalog.models import OCOP_VALID_MONTHS, Product, add_months
from catalog.selectors import TILE_RENDITIONS
from marketplace.accounts.models import Role
from marketplace.core.seo import SHARE_RENDITION
from tests.accounts.factories import UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db
CATALOG = "/san-pham/"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _five_stars_expired_four_valid() -> Product:
    """A product whose 5-star certificate expired yesterday while a 4-star one is valid.

    The copy on the product was made while the 5-star certificate was still valid.
    """
    today = timezone.localdate()
    product = ProductFactory(name="Kẹo dừa Mỏ Cày")
    CertificateFactory(product=product, stars=4, decision_date=today - datetime.timedelta(days=90))
    yesterday = today - datetime.timedelta(days=1)
    decided = add_months(yesterday, -OCOP_VALID_MONTHS)
    five = CertificateFactory(product=product, stars=5, decision_date=decided)
    assert five.expires_on == yesterday
    Product.objects.filter(pk=product.pk).update(ocop_best_stars=5, ocop_until=yesterday)
    return product


def _listed(client, **params):
    return {p.name: p.ocop_stars for p in client.get(CATALOG, params).context["page"].object_list}


def test_product_page_shows_the_valid_certificate_before_the_refresh(client):
    product = _five_stars_expired_four_valid()
    page = client.get(product.get_absolute_url()).content.decode()
    assert "OCOP 4★" in page
    assert "OCOP 5" not in page
    # The catalog never shows the expired 5 stars meanwhile.
    assert _listed(client) == {"Kẹo dừa Mỏ Cày": 0}


def test_refresh_shows_the_lesser_valid_certificate_and_is_idempotent(client):
    product = _five_stars_expired_four_valid()
    assert _listed(client, stars="4") == {}
    call_command("ocop_stars_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _listed(client, stars="4") == {"Kẹo dừa Mỏ Cày": 4}
    assert "OCOP 4★" in client.get(CATALOG).content.decode()
    product.refresh_from_db()
    assert (product.ocop_best_stars, product.ocop_until) == (
        4,
        add_months(timezone.localdate() - datetime.timedelta(days=90), OCOP_VALID_MONTHS),
    )
    assert services.expired_stars_refresh() == 0


def test_refresh_clears_stars_when_no_certificate_is_left():
    product = ProductFactory()
    expired = CertificateFactory(product=product, stars=3, decision_date=datetime.date(2020, 1, 1))
    Product.objects.filter(pk=product.pk).update(ocop_best_stars=3, ocop_until=expired.expires_on)
    assert tasks.ocop_stars_refresh.enqueue().return_value == 1
    product.refresh_from_db()
    assert (product.ocop_best_stars, product.ocop_until) == (0, None)


def _renditions_queued() -> list[list]:
    return [
        list(result.args)
        for result in default_task_backend.results
        if result.task.func == tasks.photo_renditions_make.func
    ]


def test_upload_enqueues_renditions_only_after_commit(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DUMMY_TASKS
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = services.product_photo_add(
            actor=UserFactory(), product=product, upload=jpeg_upload()
        )
    assert _renditions_queued() == []
    for callback in callbacks:
        callback()
    assert _renditions_queued() == [[photo.image.pk, list(photos.PHOTO_RENDITIONS)]]
    assert photo.image.renditions.count() == 0


def test_catalog_page_makes_a_missing_rendition_on_demand(settings, client):
    settings.TASKS = DUMMY_TASKS  # the task never runs
    product = ProductFactory(name="Hạt dẻ Trùng Khánh")
    photo = services.product_photo_add(actor=UserFactory(), product=product, upload=jpeg_upload())
    page = client.get(CATALOG).content.decode()
    assert 'class="tile-img"' in page and ".webp" in page
    assert photo.image.renditions.count() == len(TILE_RENDITIONS)  # the tile's srcset


def test_portal_upload_makes_phone_renditions(client, django_capture_on_commit_callbacks):
    farmer = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer)
    product = ProductFactory(seller=seller)
    client.force_login(farmer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:photo_add", args=[seller.slug, product.pk]), {"photo": jpeg_upload()}
        )
    assert response.status_code == 302
    image = product.images.get().image
    renditions = list(image.renditions.all())
    assert sorted(r.filter_spec for r in renditions) == sorted(photos.PHOTO_RENDITIONS)
    # WebP for the pages; JPEG for the card chat apps show of a shared link.
    extensions = {r.filter_spec: r.file.name.rpartition(".")[2] for r in renditions}
    assert extensions.pop(SHARE_RENDITION) == "jpg"
    assert set(extensions.values()) == {"webp"}


def test_backfill_makes_the_renditions_photos_uploaded_earlier_lack(client):
    # Uploaded before the tiles' widths were asked for: only the product page's exist.
    photo = services.product_photo_add(
        actor=UserFactory(), product=ProductFactory(), upload=jpeg_upload()
    )  # its task waits for a commit that never comes in this test
    photo.image.get_renditions(*photos.PHOTO_RENDITIONS[len(TILE_RENDITIONS) :])
    call_command("photo_renditions_backfill")
    specs = sorted(r.filter_spec for r in photo.image.renditions.all())
    assert specs == sorted(photos.PHOTO_RENDITIONS)
    assert photos.photo_renditions_backfill() == 0  # nothing left to make
    client.get(CATALOG)
    assert photo.image.renditions.count() == len(photos.PHOTO_RENDITIONS)  # none on view
