"""The kept facet counts agree with a fresh count after every kind of product change."""

import datetime as dt
from collections import Counter

import pytest
from django.core.cache import cache
from django.test import TestCase

from catalog import certificates, services
from catalog.facets import facet_counts_rebuild, facet_rows
from catalog.models import (
    Category,
    CertificateStatus,
    FacetCount,
    FacetCountState,
    Product,
    ProductStatus,
)
from catalog.selectors import product_ocop_stars
from marketplace.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.conftest import VIET_NAM
from tests.regions.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def fresh() -> Counter:
    """Counted by hand: every product a buyer can buy, one by one, in Python."""
    counts = Counter()
    for product in Product.objects.all():
        if product.status == ProductStatus.LIVE and not product.on_recall:
            stars = product_ocop_stars(product=product)
            counts[(product.category_id, product.origin_commune_id, stars)] += 1
    return counts


def kept() -> Counter:
    with TestCase.captureOnCommitCallbacks(execute=True):
        facet_rows()  # a read queues a rebuild when an expiry has passed; it runs here
    return Counter(
        {
            (row.category_id, row.commune_id, row.stars): row.products
            for row in FacetCount.objects.all()
            if row.products
        }
    )


def test_counts_follow_every_change(clock, commune):
    farmer = UserFactory(role=Role.HOUSEHOLD)
    other_place = CommuneFactory()
    tea = Category.objects.get(slug="tra")
    products = [ProductFactory(origin_commune=commune) for _ in range(4)]
    assert kept() == fresh() and sum(fresh().values()) == 4

    services.product_update(actor=farmer, product=products[0], category=tea)
    assert kept() == fresh()
    loaded = Product.objects.get(pk=products[1].pk)  # read back, as a form would
    loaded.origin_commune = other_place
    loaded.save()
    assert kept() == fresh()

    certificate = CertificateFactory(product=products[2], stars=5)
    assert kept() == fresh() and (products[2].category_id, commune.pk, 5) in kept()
    pending = CertificateFactory(product=products[3], stars=4, status=CertificateStatus.PENDING)
    assert kept() == fresh() and not any(stars == 4 for _c, _m, stars in kept())
    admin = UserFactory(role=Role.ADMIN, is_superuser=True)
    certificates.certificate_verify(actor=admin, certificate=pending)
    assert kept() == fresh() and any(stars == 4 for _c, _m, stars in kept())

    services.product_recall_mark(product_id=products[2].pk, reason="Lô lỗi", trace_code="ABC")
    assert kept() == fresh()
    services.product_recall_lift(product_id=products[2].pk)
    assert kept() == fresh()
    services.product_archive(actor=farmer, product=products[1])
    assert kept() == fresh()
    services.product_delete(actor=farmer, product=products[0])
    assert kept() == fresh()

    # The day after the 5-star certificate's expiry the product shows no stars: the
    # first read queues a rebuild, before any job has refreshed the product.
    clock.move_to(dt.datetime.combine(certificate.expires_on, dt.time(23, 0), tzinfo=VIET_NAM))
    assert kept() == fresh() and (products[2].category_id, commune.pk, 5) in kept()
    clock.move_to(
        dt.datetime.combine(certificate.expires_on, dt.time(23, 0), tzinfo=VIET_NAM)
        + dt.timedelta(hours=2)
    )
    assert kept() == fresh() and (products[2].category_id, commune.pk, 5) not in kept()


def test_a_rebuild_counts_what_bypassed_the_models(commune):
    ProductFactory(origin_commune=commune)
    Product.objects.update(status=ProductStatus.DRAFT)  # no signal
    assert kept() != fresh()
    facet_counts_rebuild()
    assert kept() == fresh() == Counter()


def test_the_catalog_page_shows_the_kept_counts(client, commune):
    tea, sweets = Category.objects.get(slug="tra"), Category.objects.get(slug="banh-keo")
    for _ in range(3):
        ProductFactory(category=tea, origin_commune=commune)
    ProductFactory(category=sweets, origin_commune=CommuneFactory())
    FacetCountState.objects.all().delete()  # as after the migration: built on first read
    response = client.get("/san-pham/", {"commune": commune.pk})
    counts = {c.slug: c.count for c in response.context["categories"]}
    assert counts.get("do-uong", counts.get(tea.parent.slug)) == 3
    assert response.context["page"].paginator.count == 3
    cache.clear()
    response = client.get("/san-pham/")
    assert response.context["page"].paginator.count == 4


def test_a_read_after_an_expiry_serves_the_last_counts_and_queues_one_rebuild(clock, commune):
    product = ProductFactory(origin_commune=commune)
    certificate = CertificateFactory(product=product, stars=5)
    facet_counts_rebuild()
    built = FacetCountState.objects.get().built_at
    clock.move_to(
        dt.datetime.combine(certificate.expires_on, dt.time(9, 0), tzinfo=VIET_NAM)
        + dt.timedelta(days=1)
    )
    with TestCase.captureOnCommitCallbacks() as queued:
        first, second = facet_rows(), facet_rows()
    assert first == second == ((product.category_id, 5, 1),)  # the last counts made
    assert FacetCountState.objects.get().built_at == built  # nothing rebuilt in the read
    assert len(queued) == 1  # the second reader found the rebuild already asked for
    queued[0]()
    assert facet_rows() == ((product.category_id, 0, 1),)


def test_before_the_first_build_a_read_groups_the_products(commune):
    tea = Category.objects.get(slug="tra")
    ProductFactory(category=tea, origin_commune=commune)
    ProductFactory(category=tea, origin_commune=CommuneFactory())
    FacetCountState.objects.all().delete()
    FacetCount.objects.all().delete()
    assert facet_rows() == ((tea.pk, 0, 2),)
    assert facet_rows(commune_id=commune.pk) == ((tea.pk, 0, 1),)
    assert not FacetCount.objects.exists()  # the read wrote nothing


def test_a_catalog_page_read_after_an_expiry_leaves_the_rebuild_to_the_worker(
    client, clock, commune, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    certificate = CertificateFactory(product=ProductFactory(origin_commune=commune), stars=4)
    facet_counts_rebuild()
    built = FacetCountState.objects.get().built_at
    clock.move_to(
        dt.datetime.combine(certificate.expires_on, dt.time(9, 0), tzinfo=VIET_NAM)
        + dt.timedelta(days=1)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.get("/san-pham/").status_code == 200
    assert FacetCountState.objects.get().built_at == built
    queued = DBTaskResult.objects.filter(task_path="catalog.facets.facet_counts_refresh")
    assert queued.count() == 1
