"""An officer reviews an OCOP certificate on a phone; the seller hears the decision."""

import pytest

from catalog.models import CertificateStatus
from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.e2e.conftest import PHONE, login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _decide(page, product_name: str, decision: str, reason: str = "") -> None:
    page.goto("/can-bo/ocop/")
    page.get_by_role("link", name=product_name).click()
    page.get_by_label(decision).check()
    if reason:
        page.get_by_label("Lý do (người bán sẽ đọc)").fill(reason)
    page.get_by_role("button", name="Ghi nhận quyết định").click()


def test_a_rejected_certificate_is_explained_and_a_new_one_verified(phone_page, browser):
    commune = CommuneFactory(name="Xã Mỏ Cày")
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, commune=commune, head_name="Nguyễn Văn Hùng")
    product = ProductFactory(seller=seller, name="Kẹo dừa Mỏ Cày")
    CertificateFactory(product=product, stars=4, status=CertificateStatus.PENDING)
    OfficerFactory(phone="+84900000002", communes=[commune])

    officer = phone_page
    login(officer, "0900000002")
    _decide(officer, "Kẹo dừa Mỏ Cày", "Từ chối", "Bản chụp mờ, không đọc được số quyết định")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360

    farmer_context = browser.new_context(viewport=PHONE, base_url=officer.url.split("/can-bo")[0])
    page = farmer_context.new_page()
    login(page, "0900000004")
    page.goto("/cua-hang-cua-toi/")
    assert page.locator(".notify-count").inner_text().startswith("1")
    page.locator(".notify-link").click()
    assert page.get_by_text("OCOP của Kẹo dừa Mỏ Cày bị từ chối").is_visible()
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/san-pham/{product.pk}/")
    assert page.get_by_text("Bản chụp mờ, không đọc được số quyết định").is_visible()
    screenshot(page, "ocop-rejected-seller-360")

    # The seller declares it again with a readable scan; the officer verifies that one.
    CertificateFactory(product=product, stars=4, status=CertificateStatus.PENDING)
    _decide(officer, "Kẹo dừa Mỏ Cày", "Xác nhận: bản scan khớp với quyết định của tỉnh")
    page.goto("/thong-bao/")
    assert page.get_by_text("OCOP 4 sao của Kẹo dừa Mỏ Cày đã được xác nhận").is_visible()
    page.goto(product.get_absolute_url())
    assert page.get_by_text("OCOP 4★").first.is_visible()
    farmer_context.close()
