"""An OCOP certificate shows stars and counts only once verified, and while valid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.certificates import (
    certificate_add,
    certificate_reject,
    certificate_verify,
    certificate_withdraw,
)
from catalog.errors import CatalogError, CertificateStatusError
from catalog.models import CertificateStatus, DecisionSource, OcopCertificate, OcopDecision
from catalog.selectors import product_detail, product_ocop_stars, products_with_valid_ocop
from catalog.services import expired_stars_refresh
from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import ProductFactory, jpeg_upload, scan_upload
from tests.conftest import VIET_NAM
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def farmer():
    return UserFactory(role=Role.HOUSEHOLD)


@pytest.fixture
def product(farmer, commune):
    seller = make_household_seller(user=farmer, commune=commune)
    return ProductFactory(seller=seller, name="Kẹo dừa Mỏ Cày")


def declare(product, actor, **changes):
    fields = {
        "stars": 4,
        "product_group": "food",
        "decision_number": "1520/QĐ-UBND",
        "decision_date": timezone.localdate() - dt.timedelta(days=60),
        "issuing_authority": "UBND tỉnh Vĩnh Long",
        "scan": scan_upload(),
        **changes,
    }
    return certificate_add(actor=actor, product=product, **fields)


def shown_stars(product) -> int:
    product.refresh_from_db()
    return product_ocop_stars(product=product)


def counted(product) -> bool:
    return products_with_valid_ocop(products=type(product).objects.filter(pk=product.pk)).exists()


def test_a_self_declared_certificate_shows_no_stars_and_counts_nowhere_until_verified(
    product, farmer, officer
):
    certificate = declare(product, farmer)
    assert certificate.status == CertificateStatus.PENDING
    assert shown_stars(product) == 0 and not counted(product)
    assert product_detail(slug=product.slug).ocop_stars == 0

    decision = certificate_verify(actor=officer, certificate=certificate)

    assert (decision.actor, decision.source) == (officer, DecisionSource.OFFICER)
    assert shown_stars(product) == 4 and counted(product)
    page = product_detail(slug=product.slug)
    assert page.ocop_stars == 4 and page.valid_certificates[0].last_decision == decision


def test_a_verified_certificate_hides_its_stars_again_once_expired(product, farmer, officer, clock):
    certificate = declare(product, farmer)
    certificate_verify(actor=officer, certificate=certificate)
    assert shown_stars(product) == 4
    clock.move_to(dt.datetime.combine(certificate.expires_on, dt.time(9), VIET_NAM))
    assert shown_stars(product) == 4  # through the day it expires
    clock.move_to(
        dt.datetime.combine(certificate.expires_on + dt.timedelta(days=1), dt.time(9), VIET_NAM)
    )
    assert shown_stars(product) == 0 and not counted(product)
    assert expired_stars_refresh() == 1
    assert shown_stars(product) == 0


def test_a_rejection_needs_a_reason_and_the_seller_reads_it(client, product, farmer, officer):
    certificate = declare(product, farmer)
    with pytest.raises(CatalogError):
        certificate_reject(actor=officer, certificate=certificate, reason="  ")
    certificate_reject(
        actor=officer, certificate=certificate, reason="Số quyết định không có trong danh sách"
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REJECTED and shown_stars(product) == 0

    client.force_login(farmer)
    page = client.get(reverse("portal:product_edit", args=[product.seller.slug, product.pk]))
    text = page.content.decode()
    assert "Số quyết định không có trong danh sách" in text and officer.display_name in text


def test_an_officer_of_another_province_or_area_cannot_verify(product, farmer):
    certificate = declare(product, farmer)
    elsewhere = CommuneFactory(province=ProvinceFactory(code="04", name="Tỉnh Cao Bằng"))
    for outsider in (
        OfficerFactory(communes=[elsewhere]),
        UserFactory(role=Role.ADMIN),  # an administrator with no area
        farmer,  # nobody verifies their own stars
    ):
        with pytest.raises(CatalogError):
            certificate_verify(actor=outsider, certificate=certificate)
    assert not OcopDecision.objects.exists()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING


def test_the_administrator_of_the_seller_s_province_verifies(product, farmer, commune):
    admin = OfficerFactory(role=Role.ADMIN, provinces=[commune.province])
    certificate_verify(actor=admin, certificate=declare(product, farmer))
    assert shown_stars(product) == 4


def test_every_decision_is_kept_with_who_when_and_why(product, farmer, officer):
    certificate = declare(product, farmer)
    certificate_verify(actor=officer, certificate=certificate)
    certificate_reject(actor=officer, certificate=certificate, reason="Bản chụp bị sửa")
    certificate_verify(actor=officer, certificate=certificate, note="Đã đối chiếu bản gốc")
    certificate_withdraw(actor=farmer, certificate=certificate)

    history = list(certificate.decisions.order_by("at", "pk"))
    assert [d.decision for d in history] == ["verified", "rejected", "verified", "withdrawn"]
    assert [d.actor for d in history] == [officer, officer, officer, farmer]
    assert history[1].reason == "Bản chụp bị sửa" and all(d.at for d in history)
    assert OcopCertificate.objects.filter(pk=certificate.pk).exists()  # kept, not deleted
    assert shown_stars(product) == 0
    with pytest.raises(CertificateStatusError):
        certificate_verify(actor=officer, certificate=certificate)
    with pytest.raises(ValueError):
        history[0].save()


def test_a_certificate_needs_a_scan_that_is_a_photo_or_a_pdf(product, farmer):
    with pytest.raises(CatalogError):
        declare(product, farmer, scan=None)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(CatalogError):
        declare(product, farmer, scan=SimpleUploadedFile("a.pdf", b"<html>", "application/pdf"))
    photo = declare(product, farmer, scan=jpeg_upload("chung-nhan.png"))
    assert photo.scan.name.endswith(".jpg") and "chung-nhan" not in photo.scan.name
    pdf = declare(product, farmer, decision_number="2/QĐ")
    assert pdf.scan_is_pdf


def test_pages_say_who_verified_the_certificate(client, product, farmer, officer):
    from traceability.services import lot_create

    certificate = declare(product, farmer)
    lot = lot_create(product=product, actor=farmer, quantity=Decimal("10"), unit="kg")
    assert officer.display_name not in client.get(product.get_absolute_url()).content.decode()
    certificate_verify(actor=officer, certificate=certificate)
    for url in (product.get_absolute_url(), reverse("traceability:trace", args=[lot.code])):
        assert officer.display_name in client.get(url).content.decode(), url


def test_the_seller_hears_of_each_decision_once(product, farmer, officer):
    from marketplace.notifications.models import Message

    certificate = declare(product, farmer)
    assert not Message.objects.filter(recipient=farmer).exists()  # declaring tells no one
    certificate_reject(actor=officer, certificate=certificate, reason="Bản chụp mờ")
    certificate_verify(actor=officer, certificate=certificate)
    messages = list(Message.objects.filter(recipient=farmer).order_by("pk"))
    assert [m.event for m in messages] == ["certificate_rejected", "certificate_verified"]
    assert "Kẹo dừa Mỏ Cày" in messages[0].text and "4 sao" in messages[1].text
    assert "Bản chụp mờ" not in messages[0].text  # the reason is read in the portal
