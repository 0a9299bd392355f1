"""Every upload endpoint refuses a bomb, a 50 MB file, a fake JPEG and an SVG with script.

Each refusal is a 400 with a message in Vietnamese on the form, and stores nothing:
no new row in any table an upload feeds, no new file under MEDIA_ROOT.
"""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Revision

from catalog.models import Product, ProductImage
from marketplace.sellers.models import AssistedAct, Household
from traceability.models import TraceEvent

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
FIFTY_MB = 50 * 1024 * 1024


def _png_bomb() -> bytes:
    """8000 x 8000 pixels (64 million, over the 40 million limit) in a few kilobytes."""
    out = io.BytesIO()
    PILImage.new("1", (8000, 8000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def _xlsx_bomb() -> bytes:
    """A workbook whose sheet unpacks to 60 MB from a file of well under 1 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(60):
                sheet.write(chunk)
    return out.getvalue()


_contents = {}
BUILDERS = {
    "bomb-photo": _png_bomb,
    "bomb-sheet": _xlsx_bomb,
    "50mb": lambda: b"\xff\xd8\xff\xe0" + b"\0" * FIFTY_MB,
    "fake-jpeg": lambda: b"Day khong phai anh, chi la van ban.\n" * 20,
    "svg": lambda: SVG,
    "svg-renamed": lambda: SVG,
}
NAMES = {
    "photo": {
        "bomb": "anh.png",
        "50mb": "anh.jpg",
        "fake-jpeg": "anh.jpg",
        "svg": "logo.svg",
        "svg-renamed": "logo.jpg",
    },
    "sheet": {
        "bomb": "danh-sach.xlsx",
        "50mb": "danh-sach.csv",
        "fake-jpeg": "anh.jpg",
        "svg": "logo.svg",
        "svg-renamed": "danh-sach.csv",
    },
}


def payload(case: str, kind: str) -> SimpleUploadedFile:
    """The hostile file of `case`, named as an endpoint taking `kind` ("photo", "sheet") expects."""
    key = f"bomb-{kind}" if case == "bomb" else case
    if key not in _contents:  # built once: the 50 MB file and the bombs take a moment
        _contents[key] = BUILDERS[key]()
    return SimpleUploadedFile(NAMES[kind][case], _contents[key], "application/octet-stream")


# What each case must say (in Vietnamese), by kind of endpoint.
MESSAGES = {
    "photo": {
        "bomb": "quá nhiều điểm ảnh",
        "50mb": "Tệp quá lớn",
        "fake-jpeg": "không phải là ảnh",
        "svg": "không phải là ảnh",
        "svg-renamed": "không phải là ảnh",
    },
    "document": {
        "bomb": "quá nhiều điểm ảnh",
        "50mb": "Tệp quá lớn",
        "fake-jpeg": "không phải là ảnh",
        "svg": "không phải là ảnh",
        "svg-renamed": "không phải là ảnh",
    },
    "sheet": {
        "bomb": "không phải là một bảng tính bình thường",
        "50mb": "Tệp quá lớn",
        "fake-jpeg": "Hãy tải lên tệp .csv hoặc .xlsx",
        "svg": "Hãy tải lên tệp .csv hoặc .xlsx",
        "svg-renamed": "không phải là bảng tính",
    },
}
CASES = ["bomb", "50mb", "fake-jpeg", "svg", "svg-renamed"]


def endpoints(world):
    """name -> (user, url, form data without the file, file field, kind of file)."""
    seller, product, lot = world.seller_a.slug, world.product_a, world.lot_a
    return {
        "product photo": (
            world.farmer_a,
            reverse("portal:photo_add", args=[seller, product.pk]),
            {},
            "photo",
            "photo",
        ),
        "new product with its photo": (
            world.farmer_a,
            reverse("portal:product_create", args=[seller]),
            {
                "name": "Bánh tráng",
                "category": product.category_id,
                "price": "30000",
                "unit": "kg",
                "stock": "5",
                "status": "live",
            },
            "photo",
            "photo",
        ),
        "storefront cover": (
            world.farmer_a,
            reverse("portal:storefront_edit", args=[seller]),
            {"story": "Nhà tôi làm bánh."},
            "cover",
            "photo",
        ),
        "certificate scan of an inspection": (
            world.farmer_a,
            reverse("portal:event_create", args=[seller, lot.pk, "inspection"]),
            {
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "certificate_name": "VietGAP",
            },
            "document",
            "document",
        ),
        "product import": (
            world.farmer_a,
            reverse("portal:product_import", args=[seller]),
            {},
            "file",
            "sheet",
        ),
        "roster import": (
            world.officer_a,
            reverse("onboarding:roster_import"),
            {},
            "file",
            "sheet",
        ),
    }


def media_files() -> set[str]:
    """Files under MEDIA_ROOT, less Wagtail's renditions (images/): a refused form may show
    the product's existing photos, whose renditions are made on first display. A rendition
    of an upload would need its Image row, which `row_counts` watches."""
    root = Path(settings.MEDIA_ROOT)
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != "images"
    }


def row_counts() -> dict[str, int]:
    models = [
        get_image_model(),
        ProductImage,
        Product,
        TraceEvent,
        Household,
        Revision,
        AssistedAct,
    ]
    return {model.__name__: model.objects.count() for model in models}


ENDPOINT_NAMES = [
    "product photo",
    "new product with its photo",
    "storefront cover",
    "certificate scan of an inspection",
    "product import",
    "roster import",
]


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_hostile_uploads_get_400_with_a_message_and_store_nothing(client, world, endpoint):
    user, url, data, field, kind = endpoints(world)[endpoint]
    client.force_login(user)
    for case in CASES:
        upload = payload(case, "sheet" if kind == "sheet" else "photo")
        files_before, rows_before = media_files(), row_counts()
        response = client.post(url, {**data, field: upload})
        assert response.status_code == 400, (endpoint, case, response.status_code)
        html = response.content.decode()
        assert MESSAGES[kind][case] in html, (endpoint, case)
        assert row_counts() == rows_before, (endpoint, case)
        assert media_files() == files_before, (endpoint, case)


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES[:4])
def test_a_real_photo_is_stored_re_encoded_under_a_safe_name(client, world, endpoint):
    """The control case: the endpoints above do store a genuine upload."""
    user, url, data, field, kind = endpoints(world)[endpoint]
    client.force_login(user)
    out = io.BytesIO()
    PILImage.new("RGB", (60, 40), (200, 120, 40)).save(out, "PNG")
    before = media_files()
    upload = SimpleUploadedFile("anh<script>.php.png", out.getvalue(), "image/png")
    response = client.post(url, {**data, field: upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    new = media_files() - before
    assert new, "nothing stored"
    for name in new:
        assert os.path.splitext(name)[1] in {".jpg", ".png"}, name
        assert "script" not in name and ".php" not in name, name


def test_a_certificate_pdf_is_kept_as_a_pdf(client, world):
    client.force_login(world.farmer_a)
    url = reverse("portal:event_create", args=[world.seller_a.slug, world.lot_a.pk, "inspection"])
    pdf = SimpleUploadedFile("giay chung nhan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    response = client.post(
        url,
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "certificate_name": "VietGAP",
            "document": pdf,
        },
    )
    assert response.status_code == 302
    event = TraceEvent.objects.get(lot=world.lot_a, kind="inspection")
    assert event.document.name.endswith(".pdf") and " " not in event.document.name


def test_wagtail_admin_image_upload_refuses_the_same_files(admin_client, world):
    """Officers and administrators upload images in Wagtail's admin too; Wagtail checks
    the content (and answers 200 with its form again: the admin is Wagtail's own)."""
    url = reverse("wagtailimages:add")
    before = get_image_model().objects.count()
    files_before = media_files()
    for case in CASES:
        response = admin_client.post(url, {"title": "x", "file": payload(case, "photo")})
        assert response.status_code == 200, case
        assert response.context["form"].errors["file"], case
        assert get_image_model().objects.count() == before, case
        assert media_files() == files_before, case


def test_documents_from_the_wagtail_admin_are_downloaded_never_shown_inline(client, db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Quyết định OCOP", file=ContentFile(b"%PDF-1.4\n", name="quyet-dinh.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
