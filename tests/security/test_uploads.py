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
from django.core.exceptions import ValidationError
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
    """8000 x 8000 pixels (64 million, over every limit) in a few kilobytes."""
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


# What a photo may carry besides its pixels, and how each shows in the stored bytes.
SCRIPT = b"<script>alert(1)</script>"
# JPEG names them in its APP segments; PNG and WebP in chunks (iCCP, ICCP, EXIF, XMP).
METADATA_MARKS = [
    b"<script",
    b"Exif",
    b"EXIF",
    b"http://ns.adobe.com/xap",
    b"xmpmeta",
    b"ICC_PROFILE",
    b"iCCP",
    b"ICCP",
]
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="<script>"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def _exif(orientation: int = 1) -> bytes:
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    # GPS IFD: latitude N 10° 2' 3", the farm's place.
    exif[0x8825] = {1: "N", 2: (10.0, 2.0, 3.0), 3: "E", 4: (105.0, 46.0, 0.0)}
    return exif.tobytes()


def _icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _photo_with_everything(format_: str, mode: str = "RGB") -> bytes:
    """A photo holding HTML in a comment, EXIF with GPS, XMP and an ICC profile."""
    out = io.BytesIO()
    image = PILImage.new(mode, (120, 80), (200, 120, 40, 255)[: len(mode)])
    extra = {"exif": _exif(), "icc_profile": _icc(), "xmp": XMP}
    if format_ == "JPEG":
        extra["comment"] = SCRIPT
    if format_ == "PNG":
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SCRIPT.decode())
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())  # Pillow's PNG writer has no xmp=
        extra["pnginfo"] = text
    image.save(out, format_, **extra)
    data = out.getvalue()
    with PILImage.open(io.BytesIO(data)) as written:
        assert written.info["icc_profile"] and written.info["xmp"] and written.getexif()[0x8825]
    assert SCRIPT in data or format_ == "WEBP"
    return data


def _assert_pixels_only(data: bytes) -> None:
    for mark in METADATA_MARKS:
        assert mark not in data, mark
    with PILImage.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
        assert not {"comment", "exif", "xmp", "icc_profile", "Comment"} & set(stored.info)


def _stored(before: set[str]) -> list[bytes]:
    root = Path(settings.MEDIA_ROOT)
    return [(root / name).read_bytes() for name in sorted(media_files() - before)]


def test_a_product_photo_is_stored_without_comment_exif_xmp_or_profile(client, world):
    client.force_login(world.farmer_a)
    url = reverse("portal:photo_add", args=[world.seller_a.slug, world.product_a.pk])
    before = media_files()
    upload = SimpleUploadedFile("anh.jpg", _photo_with_everything("JPEG"), "image/jpeg")
    assert client.post(url, {"photo": upload}).status_code == 302
    stored = _stored(before)
    assert stored
    for data in stored:
        _assert_pixels_only(data)


def test_a_certificate_scan_is_stored_without_comment_exif_xmp_or_profile(client, world):
    client.force_login(world.farmer_a)
    lot = world.lot_a
    url = reverse("portal:event_create", args=[world.seller_a.slug, lot.pk, "inspection"])
    before = media_files()
    scan = SimpleUploadedFile("giay.jpg", _photo_with_everything("JPEG"), "image/jpeg")
    response = client.post(
        url,
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "certificate_name": "VietGAP",
            "document": scan,
        },
    )
    assert response.status_code == 302
    (data,) = _stored(before)
    _assert_pixels_only(data)


@pytest.mark.parametrize(("format_", "mode"), [("PNG", "RGBA"), ("PNG", "RGB"), ("WEBP", "RGB")])
def test_png_and_webp_photos_keep_only_their_pixels(format_, mode):
    from marketplace.core.uploads import photo_reencode

    upload = SimpleUploadedFile("anh", _photo_with_everything(format_, mode))
    data, extension = photo_reencode(upload)
    assert extension == ("png" if mode == "RGBA" else "jpg")
    _assert_pixels_only(data)
    assert b"tEXt" not in data and b"eXIf" not in data


def test_a_photo_turned_by_its_exif_is_stored_upright_without_exif():
    """Red on the left, blue on the right, and "turn me 90° clockwise" in EXIF: upright,
    the red is on top."""
    from marketplace.core.uploads import photo_reencode

    image = PILImage.new("RGB", (60, 40), (220, 0, 0))
    image.paste((0, 0, 220), (30, 0, 60, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=_exif(orientation=6), quality=95)
    data, _extension = photo_reencode(SimpleUploadedFile("anh.jpg", out.getvalue()))
    _assert_pixels_only(data)
    with PILImage.open(io.BytesIO(data)) as stored:
        assert stored.size == (40, 60)
        top, bottom = stored.getpixel((20, 5)), stored.getpixel((20, 55))
    assert top[0] > 180 and top[2] < 60, top
    assert bottom[2] > 180 and bottom[0] < 60, bottom


def test_a_jpeg_cut_short_passes_the_form_but_is_refused_and_stores_nothing(client, world):
    """The form reads only the header; the one decode, in the service, finds the cut."""
    client.force_login(world.farmer_a)
    url = reverse("portal:photo_add", args=[world.seller_a.slug, world.product_a.pk])
    out = io.BytesIO()
    PILImage.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG")
    cut = out.getvalue()[: len(out.getvalue()) // 2]
    files_before, rows_before = media_files(), row_counts()
    response = client.post(url, {"photo": SimpleUploadedFile("anh.jpg", cut, "image/jpeg")})
    assert response.status_code == 400
    assert "không phải là ảnh" in response.content.decode()
    assert row_counts() == rows_before and media_files() == files_before


@pytest.mark.parametrize(
    ("format_", "mode", "size", "options"),
    [
        ("JPEG", "RGB", (8500, 6000), {}),  # 51 Mpx: over the 50 of a baseline JPEG
        ("JPEG", "RGB", (4200, 3100), {"progressive": True}),  # 13 Mpx, decoded whole
        ("PNG", "RGB", (6000, 4200), {}),  # 25 Mpx
        ("PNG", "RGBA", (4200, 3100), {}),  # 13 Mpx with transparency
        ("WEBP", "RGB", (3500, 2000), {}),  # 7 Mpx
    ],
)
def test_each_kind_of_photo_is_refused_past_what_its_decode_costs(format_, mode, size, options):
    from marketplace.core.uploads import photo_check

    out = io.BytesIO()
    PILImage.new(mode, size).save(out, format_, **options)
    with pytest.raises(ValidationError) as refusal:
        photo_check(SimpleUploadedFile("anh", out.getvalue()))
    assert refusal.value.code == "too_many_pixels"
