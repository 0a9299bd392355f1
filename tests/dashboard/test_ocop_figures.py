""" "OCOP products online", the figure provinces report, counts verified certificates only."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.certificates import certificate_verify
from catalog.models import CertificateStatus, Product, ProductStatus
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import dashboard_figures
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def figure(officer, commune) -> int:
    rows = dashboard_figures(user=officer, commune=commune).communes
    return rows[0].counts["products_ocop"] if rows else 0


def hand_count(commune) -> int:
    """Live products of the commune's sellers with a verified certificate valid today."""
    today = timezone.localdate()
    return sum(
        1
        for product in Product.objects.filter(
            status=ProductStatus.LIVE, seller__household__commune=commune
        )
        if any(
            c.status == CertificateStatus.VERIFIED and c.expires_on >= today
            for c in product.certificates.all()
        )
    )


def test_ocop_products_online_before_and_after_verifying_against_a_hand_count(
    officer, commune, django_capture_on_commit_callbacks
):
    seller = make_household_seller(commune=commune)
    long_ago = timezone.localdate() - dt.timedelta(days=40 * 30)
    with django_capture_on_commit_callbacks(execute=True):
        pending = [
            CertificateFactory(product=ProductFactory(seller=seller), status="pending")
            for _ in range(3)
        ]
        CertificateFactory(product=ProductFactory(seller=seller))  # verified
        CertificateFactory(product=ProductFactory(seller=seller), decision_date=long_ago)
        CertificateFactory(product=ProductFactory(seller=seller), status="rejected")
        CertificateFactory(
            product=ProductFactory(seller=seller, status=ProductStatus.DRAFT)
        )  # verified, not online
    rollup_refresh()
    assert figure(officer, commune) == hand_count(commune) == 1

    with django_capture_on_commit_callbacks(execute=True):
        for certificate in pending[:2]:
            certificate_verify(actor=officer, certificate=certificate)
    # No rollup_refresh here: the decisions refreshed the figure after their commit.
    assert figure(officer, commune) == hand_count(commune) == 3
