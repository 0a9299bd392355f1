"""The officers' queue: certificates waiting in their area, decided from their page."""

import pytest
from django.urls import reverse

from catalog.models import CertificateStatus
from tests.accounts.factories import OfficerFactory
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def pending_in(commune, name):
    product = ProductFactory(seller=make_household_seller(commune=commune), name=name)
    return CertificateFactory(product=product, status=CertificateStatus.PENDING)


def test_the_queue_lists_the_waiting_certificates_of_the_officer_s_area_only(
    client, officer, commune, django_assert_max_num_queries
):
    mine = pending_in(commune, "Kẹo dừa Mỏ Cày")
    pending_in(CommuneFactory(), "Nước mắm Tam Quan")
    CertificateFactory(product=ProductFactory(seller=mine.product.seller, name="Dầu dừa"))
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ocop:queue"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kẹo dừa Mỏ Cày" in text and reverse("ocop:decide", args=[mine.pk]) in text
    assert "Nước mắm Tam Quan" not in text and "Dầu dừa" not in text  # elsewhere, or verified


def test_an_officer_verifies_from_the_certificate_page(client, officer, commune):
    certificate = pending_in(commune, "Kẹo dừa Mỏ Cày")
    client.force_login(officer)
    url = reverse("ocop:decide", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "verified", "reason": ""})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VERIFIED
    assert certificate.last_decision.actor == officer
    certificate.product.refresh_from_db()
    assert certificate.product.ocop_best_stars == 4
    assert "Kẹo dừa Mỏ Cày" not in client.get(reverse("ocop:queue")).content.decode()


def test_a_rejection_without_reason_is_refused_and_changes_nothing(client, officer, commune):
    certificate = pending_in(commune, "Kẹo dừa Mỏ Cày")
    client.force_login(officer)
    response = client.post(reverse("ocop:decide", args=[certificate.pk]), {"decision": "rejected"})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING and not certificate.decisions.exists()


def test_an_officer_of_another_area_finds_no_such_certificate(client, commune):
    certificate = pending_in(commune, "Kẹo dừa Mỏ Cày")
    client.force_login(OfficerFactory(communes=[CommuneFactory()]))
    url = reverse("ocop:decide", args=[certificate.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "verified"}).status_code == 404
