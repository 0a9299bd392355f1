"""What a product sheet and a province's OCOP list tell the people behind them, in the app."""

import pytest
from django.db import transaction
from django.urls import reverse

from catalog.certificates import registry_import
from catalog.models import CertificateStatus, OcopRegistryEntry, Product
from marketplace.accounts.models import Role
from marketplace.notifications.models import Message, Status
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.test_ocop_registry import SHEET as REGISTRY
from tests.catalog.test_ocop_registry import admin, declared, rows_of  # noqa: F401 (fixture)
from tests.catalog.test_reimport import SHEET, _csv, _import
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


def _notices(event):
    return Message.objects.filter(event=event).order_by("recipient_id")


@pytest.fixture
def farmer_shop(commune):
    farmer = UserFactory(role=Role.HOUSEHOLD, phone="+84912000001")
    return farmer, make_household_seller(user=farmer, commune=commune, head_name="Lê Văn Hùng")


# Products ---------------------------------------------------------------------------


def test_the_farmer_reads_what_its_sheet_saved_with_a_link_to_its_products(client, farmer_shop):
    farmer, seller = farmer_shop
    client.force_login(farmer)
    _import(client, seller, SHEET)
    notice = _notices("products_imported").get()
    assert notice.recipient == farmer
    assert (notice.channel, notice.status, notice.phone) == ("app", Status.SENT, "")
    assert notice.context == {"shop": seller.name, "created": 2, "updated": 0}
    assert seller.name in notice.text and "2" in notice.text
    assert notice.link == reverse("portal:shop", args=[seller.slug])
    assert notice.link == f"/cua-hang-cua-toi/{seller.slug}/"
    assert notice.attempts.count() == 0
    assert notice.idempotency_key.startswith(f"products:{seller.pk}:")
    assert notice.idempotency_key.endswith(f":u{farmer.pk}")


def test_a_confirmation_sent_twice_makes_one_notice(client, farmer_shop):
    farmer, seller = farmer_shop
    client.force_login(farmer)
    url = reverse("portal:product_import", args=[seller.slug])
    payload = client.post(url, {"file": _csv(SHEET)}).context["payload"]
    client.post(url, {"payload": payload})
    client.post(url, {"payload": payload})  # a second tap on a slow connection
    assert Product.objects.filter(seller=seller).count() == 2  # updated, not doubled
    notice = _notices("products_imported").get()
    assert notice.context["created"] == 2


def test_a_changed_sheet_tells_what_it_updated(client, farmer_shop):
    farmer, seller = farmer_shop
    client.force_login(farmer)
    _import(client, seller, SHEET)
    _import(client, seller, SHEET.replace("45.000", "50.000"))
    latest = _notices("products_imported").order_by("-pk").first()
    assert (latest.context["created"], latest.context["updated"]) == (0, 2)
    assert _notices("products_imported").count() == 2


def test_a_manager_importing_for_a_member_household_tells_the_household_too(
    client, farmer_shop, commune
):
    farmer, seller = farmer_shop
    manager = UserFactory(role=Role.COOP_MANAGER)
    make_cooperative_seller(managers=[manager], commune=commune, members=[seller.household])
    client.force_login(manager)
    _import(client, seller, SHEET)
    notices = list(_notices("products_imported"))
    assert {notice.recipient for notice in notices} == {farmer, manager}
    assert {notice.idempotency_key.rsplit(":", 1)[1] for notice in notices} == {
        f"u{farmer.pk}",
        f"u{manager.pk}",
    }
    assert all(notice.link == f"/cua-hang-cua-toi/{seller.slug}/" for notice in notices)


def test_a_household_without_a_login_leaves_the_notice_to_the_importer(client, commune):
    seller = make_household_seller(commune=commune)
    officer = OfficerFactory(communes=[commune])
    client.force_login(officer)
    _import(client, seller, SHEET)
    assert [notice.recipient for notice in _notices("products_imported")] == [officer]


def test_a_rolled_back_product_import_leaves_no_notice(client, farmer_shop):
    from catalog.importer import import_rows_match, import_rows_read, import_rows_validate
    from catalog.services import products_import

    farmer, seller = farmer_shop
    rows, _errors = import_rows_validate(import_rows_read(_csv(SHEET)), seller=seller)
    import_rows_match(rows, seller=seller)
    with pytest.raises(RuntimeError), transaction.atomic():
        products_import(actor=farmer, seller=seller, rows=rows)
        raise RuntimeError("the request failed after the import")
    assert not Product.objects.exists()
    assert not Message.objects.exists()


# The province's OCOP registry ------------------------------------------------------------


def test_the_importer_reads_what_the_registry_verified_and_what_still_waits(admin, commune):  # noqa: F811
    matching = declared(commune, "1520/QĐ-UBND")
    declared(commune, "42/QĐ-UBND")
    result = registry_import(actor=admin, province=commune.province, rows=rows_of(REGISTRY))
    matching.refresh_from_db()
    assert matching.status == CertificateStatus.VERIFIED
    notice = _notices("registry_imported").get()
    assert notice.recipient == admin
    assert (notice.channel, notice.status) == ("app", Status.SENT)
    assert notice.context == {"province": "Vĩnh Long", "entries": 2, "verified": 1, "pending": 1}
    assert notice.link == reverse("ocop:queue") == "/can-bo/ocop/"
    first = OcopRegistryEntry.objects.order_by("pk").first()
    assert result.first_entry == first.pk
    assert notice.idempotency_key == f"registry:{first.pk}"


def test_each_registry_import_gets_its_notice(admin, commune):  # noqa: F811
    registry_import(actor=admin, province=commune.province, rows=rows_of(REGISTRY))
    registry_import(actor=admin, province=commune.province, rows=rows_of(REGISTRY))
    notices = list(_notices("registry_imported").order_by("pk"))
    assert len(notices) == 2  # its rows are saved anew: a second import, said as such
    assert notices[1].context["entries"] == 2


def test_a_rolled_back_registry_import_leaves_no_notice(admin, commune):  # noqa: F811
    declared(commune, "1520/QĐ-UBND")
    with pytest.raises(RuntimeError), transaction.atomic():
        registry_import(actor=admin, province=commune.province, rows=rows_of(REGISTRY))
        raise RuntimeError("the request failed after the import")
    assert not OcopRegistryEntry.objects.exists()
    assert not Message.objects.filter(event__in=["registry_imported", "certificate_verified"])


def test_an_empty_registry_import_tells_nothing(admin, commune):  # noqa: F811
    result = registry_import(actor=admin, province=commune.province, rows=[])
    assert result.entries == 0
    assert not _notices("registry_imported").exists()
