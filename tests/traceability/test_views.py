import datetime as dt
import io

import pytest
import zxingcpp
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from marketplace.sellers.models import AssistedAct
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.traceability.factories import days_ago, make_lot, make_product
from traceability.models import EventKind, Lot, TraceEvent
from traceability.services import event_record, lot_recall

pytestmark = pytest.mark.django_db


def _history(lot, count=12):
    for i in range(count):
        kind = [EventKind.PLANTING, EventKind.INPUT, EventKind.HARVEST, EventKind.INSPECTION][i % 4]
        fields = (
            {"input_product": "NPK", "phi_days": 3, "dose": "1 kg"}
            if kind == EventKind.INPUT
            else {}
        )
        if kind == EventKind.INSPECTION:
            fields["certificate_name"] = "VietGAP"
        event_record(
            lot=lot,
            actor=lot.created_by,
            kind=kind,
            occurred_at=days_ago(60 - i * 4),
            notes="Ghi chú " * 10,
            **fields,
        )


def test_trace_page_shows_the_lot_in_at_most_four_queries_and_under_30_kb(client):
    lot = make_lot(best_before=dt.date.today() + dt.timedelta(days=30))
    _history(lot)
    url = reverse("traceability:trace", args=[lot.code])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # lot with its product, seller, producer and places; the events; the scan counter
    assert len(queries) == 3
    assert len(response.content) <= 30 * 1024
    html = response.content.decode()
    assert lot.product.name in html and "VietGAP" in html and "Gieo trồng" in html
    assert "cách ly 3 ngày" in html
    assert "<script" not in html
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_trace_page_counts_scans_without_personal_data(client):
    lot = make_lot()
    client.get(reverse("traceability:trace", args=[lot.code]))
    client.get(reverse("traceability:trace", args=[lot.code.lower()]))
    lot.refresh_from_db()
    assert lot.scan_count == 2


def test_english_trace_page_is_under_en(client):
    lot = make_lot()
    response = client.get(f"/en/t/{lot.code}/")
    assert response.status_code == 200
    assert "What was done, step by step" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/t/KHONGCO1234/",
        "/t/x/epcis.json",
        "/t/ZZ/qr.png",
        "/01/08931234567897/10/NOPE",
        "/01/12345678/10/A",
        "/en/t/none/",
    ],
)
def test_unknown_codes_give_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if not path.startswith("/en/"):
        assert "Không tìm thấy mã này" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/t/%00/qr.svg", "/01/08931234567897/10/A%00B", "/t/AAAAAAAAA%00/"]
)
def test_a_nul_in_a_code_is_400_not_500(client, path):
    assert client.get(path).status_code == 400


def test_recalled_lot_says_so_at_the_top(client):
    lot = make_lot()
    lot_recall(lot=lot, actor=lot.created_by, reason="Nhiễm khuẩn")
    html = client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    assert html.index("ĐÃ THU HỒI") < html.index("<h1>")
    assert "Nhiễm khuẩn" in html


def test_digital_link_redirects_to_the_trace_page_and_epcis(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get("/01/08931234567897/10/LOT07%2FA")
    assert response.status_code == 307
    assert response["Location"] == f"/t/{lot.code}/"
    response = client.get("/01/08931234567897/10/LOT07%2FA?linkType=gs1:epcis")
    assert response["Location"] == f"/t/{lot.code}/epcis.json"
    response = client.get("/01/08931234567897/10/LOT07%2FA?linkType=gs1:epcis", follow=True)
    assert response.json()["type"] == "EPCISDocument"
    assert client.get("/en/01/08931234567897/10/LOT07%2FA")["Location"] == f"/en/t/{lot.code}/"


def test_short_gtin_redirects_to_the_canonical_fourteen_digits(client):
    make_lot(gtin="8931234567897", lot_number="L1")
    response = client.get("/01/8931234567897/10/L1?linkType=gs1:epcis")
    assert response.status_code == 307
    assert response["Location"] == "/01/08931234567897/10/L1?linkType=gs1:epcis"


def test_qr_payload_is_digital_link_only_with_a_real_gtin(client):
    with_gtin = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    without = make_lot()
    host = settings.SITE_URL.split("://")[1]
    for lot, expected in [
        (with_gtin, f"https://{host}/01/08931234567897/10/LOT07%2FA"),
        (without, f"{settings.SITE_URL}/t/{without.code}/"),
    ]:
        png = client.get(reverse("traceability:trace_qr_png", args=[lot.code]))
        assert png["Content-Type"] == "image/png"
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
        assert decoded[0].text == expected
        svg = client.get(reverse("traceability:trace_qr_svg", args=[lot.code]))
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_farmer_creates_a_lot_and_records_events(client):
    product = make_product()
    farmer = product.seller.household.user
    client.force_login(farmer)
    assert client.get(reverse("portal:lot_list", args=[product.seller.slug])).status_code == 200
    response = client.post(
        reverse("portal:lot_create", args=[product.seller.slug]),
        {"product": product.pk, "quantity": "200", "unit": "kg", "lot_number": "", "gtin": ""},
    )
    lot = Lot.objects.get()
    assert response["Location"] == reverse("portal:lot_detail", args=[lot.seller.slug, lot.pk])
    url = reverse("portal:event_create", args=[lot.seller.slug, lot.pk, "input"])
    response = client.post(
        url,
        {
            "occurred_at": days_ago(3).strftime("%Y-%m-%dT%H:%M"),
            "input_product": "Regent",
            "dose": "1 gói",
            "phi_days": "7",
        },
    )
    assert response.status_code == 302
    url = reverse("portal:event_create", args=[lot.seller.slug, lot.pk, "harvest"])
    response = client.post(
        url,
        {
            "occurred_at": days_ago(1).strftime("%Y-%m-%dT%H:%M"),
            "commune": lot.seller.commune.pk,
            "quantity": "180",
        },
        follow=True,
    )
    assert "thời gian cách ly" in response.content.decode()
    assert TraceEvent.objects.filter(lot=lot).count() == 2
    assert (
        client.get(
            reverse("portal:labels", args=[lot.seller.slug, lot.pk]) + "?count=100"
        ).content.count(b'class="label"')
        == 100
    )


def test_bad_input_shows_a_vietnamese_message_and_changes_nothing(client):
    product = make_product()
    client.force_login(product.seller.household.user)
    response = client.post(
        reverse("portal:lot_create", args=[product.seller.slug]),
        {"product": product.pk, "quantity": "abc", "unit": "kg", "gtin": "8931234567890"},
    )
    assert response.status_code == 200
    assert "không phải là GTIN hợp lệ" in response.content.decode()
    assert not Lot.objects.exists()


def test_strangers_cannot_touch_a_lot(client):
    lot = make_lot()
    client.force_login(UserFactory())
    for name in ("lot_detail", "labels", "lot_split"):
        url = reverse(f"portal:{name}", args=[lot.seller.slug, lot.pk])
        assert client.get(url).status_code == 403
    assert (
        client.post(
            reverse("portal:lot_recall", args=[lot.seller.slug, lot.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("portal:lot_create", args=[lot.seller.slug])).status_code == 403
    assert not Lot.objects.get().is_recalled


def test_officer_records_for_a_household_and_it_is_logged(client):
    lot = make_lot()
    officer = OfficerFactory(communes=[lot.seller.commune])
    client.force_login(officer)
    url = reverse("portal:event_create", args=[lot.seller.slug, lot.pk, "planting"])
    client.post(
        url,
        {
            "occurred_at": days_ago(3).strftime("%Y-%m-%dT%H:%M"),
            "quantity": "",
            "notes": "Trồng 200 gốc",
        },
    )
    assert TraceEvent.objects.filter(lot=lot, recorded_by=officer).exists()
    assert AssistedAct.objects.filter(actor=officer, action="trace_planting").exists()
    client.post(
        reverse("portal:lot_recall", args=[lot.seller.slug, lot.pk]),
        {"reason": "Kiểm tra phát hiện dư lượng"},
    )
    assert Lot.objects.get(pk=lot.pk).is_recalled
    response = client.get(reverse("portal:lot_create", args=[lot.seller.slug]))
    assert response.status_code == 200


def test_inspection_with_a_photo_and_a_split_from_the_phone_forms(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lot = make_lot()
    client.force_login(lot.created_by)
    url = reverse("portal:event_create", args=[lot.seller.slug, lot.pk, "inspection"])
    png = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 120, 0)).save(png, "PNG")
    photo = SimpleUploadedFile("giay-vietgap.png", png.getvalue(), content_type="image/png")
    when = days_ago(2).strftime("%Y-%m-%dT%H:%M")
    data = {"occurred_at": when, "certificate_name": "VietGAP", "document": photo}
    assert client.post(url, data).status_code == 302
    # Re-encoded on the way in: an opaque photo is stored as JPEG.
    assert TraceEvent.objects.get(lot=lot).document.name.endswith(".jpg")
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"occurred_at": when, "certificate_name": "X", "document": exe})
    assert response.status_code == 400 and TraceEvent.objects.filter(lot=lot).count() == 1
    response = client.post(
        reverse("portal:lot_split", args=[lot.seller.slug, lot.pk]),
        {"parts": "50 50", "unit": "kg"},
    )
    assert response.status_code == 302
    assert Lot.objects.filter(parent=lot).count() == 2
    response = client.post(
        reverse("portal:lot_split", args=[lot.seller.slug, lot.pk]),
        {"parts": "100 100", "unit": "kg"},
    )
    assert "nhiều hơn lô gốc" in response.content.decode()


def test_odd_query_parameters_never_give_a_500(client):
    lot = make_lot()
    client.force_login(lot.created_by)
    url = reverse("portal:event_create", args=[lot.seller.slug, lot.pk, "planting"])
    assert client.get(url + "?sua=abc").status_code == 200
    # The old address of the lot list took the shop from ?seller=: a bad one finds nothing,
    # and one with a NUL is refused before the view.
    assert client.get(reverse("portal:moved_lot_list") + "?seller=x").status_code == 404
    assert client.get(reverse("portal:moved_lot_list") + "?seller=%00x").status_code == 400
