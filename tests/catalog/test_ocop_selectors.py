import datetime

import pytest

from catalog import selectors
from catalog.models import Product
from tests.catalog.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _certified(stars=4):
    certificate = CertificateFactory(stars=stars)
    certificate.product.refresh_from_db()
    return certificate


def test_a_certificate_counts_through_the_day_it_expires():
    certificate = _certified()
    expiry = certificate.expires_on
    assert certificate in selectors.certificates_valid(on=expiry)
    assert certificate not in selectors.certificates_valid(on=expiry + datetime.timedelta(days=1))


def test_expired_certificate_hides_stars_in_every_form():
    certificate = _certified(stars=5)
    product, expiry = certificate.product, certificate.expires_on
    after = expiry + datetime.timedelta(days=1)
    for day, stars in ((expiry, 5), (after, 0)):
        annotated = Product.objects.annotate(s=selectors.ocop_stars_valid(on=day)).get(
            pk=product.pk
        )
        assert annotated.s == stars
        assert selectors.product_ocop_stars(product=product, on=day) == stars
        shown = selectors.products_with_valid_ocop(products=Product.objects.all(), on=day)
        assert shown.filter(pk=product.pk).exists() == bool(stars)


def test_best_valid_certificate_is_the_most_stars_still_valid():
    four = _certified(stars=4)
    CertificateFactory(product=four.product, stars=3)
    assert selectors.best_valid_certificate(product=four.product) == four
    after = four.expires_on + datetime.timedelta(days=1)
    assert selectors.best_valid_certificate(product=four.product, on=after) is None


def test_a_product_without_certificate_shows_no_stars():
    product = ProductFactory()
    assert selectors.product_ocop_stars(product=product) == 0
    assert not selectors.products_with_valid_ocop(products=Product.objects.all()).exists()
