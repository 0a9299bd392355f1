"""A province's OCOP list verifies the certificates it confirms; the rest wait for an officer."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog.certificates import certificate_add, registry_import
from catalog.errors import CatalogError
from catalog.models import CertificateStatus, DecisionSource, OcopRegistryEntry
from catalog.registry import registry_rows_check, registry_rows_load, registry_rows_read
from marketplace.accounts.models import Role
from tests.accounts.factories import OfficerFactory
from tests.catalog.factories import ProductFactory, scan_upload
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db

SHEET = (
    "Số quyết định,Tên sản phẩm,Chủ thể,Số sao,Ngày quyết định\n"
    "1520/QĐ-UBND,Kẹo dừa Mỏ Cày,Cơ sở Hùng,4,12/06/2024\n"
    "987/QĐ-UBND,Sầu riêng Ri6,HTX Chợ Lách,4 sao,2025-02-20\n"
)


def csv_upload(text: str, name="ocop.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


@pytest.fixture
def admin(commune):
    return OfficerFactory(role=Role.ADMIN, provinces=[commune.province])


def declared(commune, number, stars=4, **fields):
    seller = make_household_seller(commune=commune)
    return certificate_add(
        actor=seller.household.user or OfficerFactory(communes=[commune]),
        product=ProductFactory(seller=seller),
        stars=stars,
        product_group="food",
        decision_number=number,
        decision_date=timezone.localdate() - dt.timedelta(days=90),
        issuing_authority="UBND tỉnh",
        scan=scan_upload(),
    )


def rows_of(text):
    rows, errors = registry_rows_check(registry_rows_read(csv_upload(text)))
    assert not errors
    return registry_rows_load(rows)


def test_a_registry_row_verifies_the_certificate_of_same_decision_and_stars(admin, commune):
    matching = declared(commune, "1520/qđ-ubnd ")  # case and spaces aside
    wrong_stars = declared(commune, "987/QĐ-UBND", stars=5)
    unlisted = declared(commune, "42/QĐ-UBND")
    elsewhere = declared(
        CommuneFactory(province=ProvinceFactory(code="04", name="Tỉnh Cao Bằng")), "1520/QĐ-UBND"
    )

    result = registry_import(actor=admin, province=commune.province, rows=rows_of(SHEET))

    assert result.entries == 2 and result.verified == [matching] and result.still_pending == 2
    for certificate, status in [
        (matching, CertificateStatus.VERIFIED),
        (wrong_stars, CertificateStatus.PENDING),
        (unlisted, CertificateStatus.PENDING),
        (elsewhere, CertificateStatus.PENDING),
    ]:
        certificate.refresh_from_db()
        assert certificate.status == status, certificate.decision_number
    decision = matching.last_decision
    assert (decision.source, decision.actor) == (DecisionSource.REGISTRY, admin)
    assert decision.registry_entry.product_name == "Kẹo dừa Mỏ Cày"
    matching.product.refresh_from_db()
    assert matching.product.ocop_best_stars == 4


def test_a_certificate_declared_after_the_import_is_verified_at_once(admin, commune):
    registry_import(actor=admin, province=commune.province, rows=rows_of(SHEET))
    certificate = declared(commune, "987/QĐ-UBND")
    assert certificate.status == CertificateStatus.VERIFIED
    assert certificate.last_decision.source == DecisionSource.REGISTRY


def test_row_errors_name_their_line():
    sheet = (
        "Số quyết định,Tên sản phẩm,Chủ thể,Số sao,Ngày quyết định\n"
        "1520/QĐ-UBND,Kẹo dừa,Cơ sở Hùng,4,12/06/2024\n"
        ",Bánh tráng,Cơ sở Lan,6,31/02/2024\n"
    )
    rows, errors = registry_rows_check(registry_rows_read(csv_upload(sheet)))
    assert len(rows) == 1
    assert [e.split(":")[0] for e in errors] == ["dòng 3"] * 3
    assert any("6" in e for e in errors) and any("31/02/2024" in e for e in errors)


def test_only_an_administrator_of_the_province_imports_its_registry(commune):
    officer = OfficerFactory(communes=[commune])
    other_admin = OfficerFactory(
        role=Role.ADMIN, provinces=[ProvinceFactory(code="04", name="Tỉnh Cao Bằng")]
    )
    for outsider in (officer, other_admin):
        with pytest.raises(CatalogError):
            registry_import(actor=outsider, province=commune.province, rows=rows_of(SHEET))
    assert not OcopRegistryEntry.objects.exists()


def test_the_import_page_previews_then_saves_and_verifies(client, admin, commune):
    certificate = declared(commune, "1520/QĐ-UBND")
    client.force_login(admin)
    url = reverse("ocop:registry_import")
    preview = client.post(url, {"province": commune.province.pk, "file": csv_upload(SHEET)})
    assert preview.status_code == 200 and not OcopRegistryEntry.objects.exists()
    assert preview.context["matches"] == 1
    done = client.post(url, {"payload": preview.context["payload"]})
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VERIFIED
    assert OcopRegistryEntry.objects.count() == 2


def test_the_import_page_shows_row_errors_and_saves_nothing(client, admin, commune):
    client.force_login(admin)
    bad = "Số quyết định,Tên sản phẩm,Chủ thể,Số sao,Ngày quyết định\n1/QĐ,Kẹo,Hùng,2,hôm qua\n"
    response = client.post(
        reverse("ocop:registry_import"), {"province": commune.province.pk, "file": csv_upload(bad)}
    )
    assert response.status_code == 400 and "payload" not in response.context
    assert "dòng 2" in response.content.decode()


def test_an_officer_may_not_open_the_import_page(client, officer):
    client.force_login(officer)
    assert client.get(reverse("ocop:registry_import")).status_code == 403


def test_an_xlsx_list_with_excel_dates_and_numbers_reads_as_the_csv_does():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Số QĐ", "Sản phẩm", "Cơ sở", "Hạng sao", "Ngày cấp"])
    sheet.append(["1520/QĐ-UBND", "Kẹo dừa Mỏ Cày", "Cơ sở Hùng", 4, dt.datetime(2024, 6, 12)])
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("ocop.xlsx", out.getvalue())
    rows, errors = registry_rows_check(registry_rows_read(upload))
    assert not errors
    assert registry_rows_load(rows)[0] | {"line": 0} == {
        "line": 0,
        "decision_number": "1520/QĐ-UBND",
        "product_name": "Kẹo dừa Mỏ Cày",
        "entity": "Cơ sở Hùng",
        "stars": 4,
        "decision_date": dt.date(2024, 6, 12),
    }
