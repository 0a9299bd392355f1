"""Uploaded files, checked by what they contain before anything is read into a model.

Every upload field of the site is one of three kinds: a photo (JPEG, PNG, WebP),
a document (a photo or a PDF) and a spreadsheet (CSV or XLSX). Each field refuses
a file too large before reading it, then looks at the content itself: the name and
the browser's content type are the sender's word, not a fact. Photos are then
re-encoded by `photo_reencode` and stored under the extension of what was written,
so no uploaded byte is ever served as HTML or script.

The reverse proxy stops larger bodies before Django (nginx `client_max_body_size
10m`); the size check here keeps the limit where the proxy is missing or looser.
"""

import io
import warnings
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without LittleCMS: profiles are then dropped unapplied
    ImageCms = None

MB = 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
# An XLSX is a zip of XML parts: more than this once unpacked is a zip bomb, not a roster.
SPREADSHEET_MAX_UNPACKED = 50 * MB
SPREADSHEET_EXTENSIONS = (".csv", ".txt", ".xlsx")
# The longest side of a stored photo: pages show at most 1080 px, and a certificate
# scan stays legible when zoomed. Decoding aims at it, so the cost does not grow with
# the camera (figures in docs/security.md).
STORED_SIDE = 1600
# Peak memory of a whole decode, bytes per pixel, measured with Pillow 13 (the test in
# tests/security/test_upload_memory.py): Pillow holds RGB in 4 bytes; it shrinks a
# transparent image through a premultiplied copy; libjpeg keeps a progressive JPEG's
# coefficients (up to 6 bytes) beside the output; Pillow's WebP decoder copies its
# RGBA buffer twice.
DECODED_BYTES_PER_PIXEL = {"PNG": 4, "PNG with alpha": 8, "progressive JPEG": 8, "WebP": 16}
# Modes Pillow's reduce() takes as they are; others are converted first.
REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "CMYK"}
SRGB = ImageCms.createProfile("sRGB") if ImageCms else None


def _too_large(upload, max_bytes: int) -> None:
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (over %(mb)s MB).") % {"mb": max_bytes // MB},
            code="too_large",
        )


def _not_a_photo() -> ValidationError:
    return ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."), code="not_a_photo")


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("This photo has too many pixels."), code="too_many_pixels")


def _keeps_alpha(image: PILImage.Image) -> bool:
    return image.format != "JPEG" and (
        image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info
    )


def _pixel_cap(image: PILImage.Image) -> int:
    """How many pixels we accept of this photo: what decoding it costs, not what it weighs.

    libjpeg decodes a baseline JPEG at 1/2, 1/4 or 1/8 of its size, so a 50 Mpx phone
    photo costs what a 3 Mpx one does. Other photos decode whole, at the bytes per pixel
    measured for their kind (DECODED_BYTES_PER_PIXEL), within PHOTO_DECODE_BUDGET.
    """
    if image.format == "JPEG" and not image.info.get("progressive"):
        return settings.PHOTO_MAX_PIXELS
    if image.format == "JPEG":
        kind = "progressive JPEG"
    elif image.format == "WEBP":
        kind = "WebP"
    else:
        kind = "PNG with alpha" if _keeps_alpha(image) else "PNG"
    return settings.PHOTO_DECODE_BUDGET // DECODED_BYTES_PER_PIXEL[kind]


def _photo_open(upload) -> PILImage.Image:
    """The photo opened from its header, not decoded yet, or ValidationError: not an
    image, a format we refuse, or more pixels than its format may cost us."""
    # Pillow closes what it opened: give it a copy (the size is checked already).
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data), formats=sorted(PHOTO_FORMATS)) as probe:
                if probe.width * probe.height > _pixel_cap(probe):
                    raise _too_many_pixels()
                probe.verify()
            return PILImage.open(io.BytesIO(data), formats=sorted(PHOTO_FORMATS))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except ValidationError:
        raise
    except Exception:
        raise _not_a_photo() from None


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    scale = side / max(size)
    return max(round(size[0] * scale), 1), max(round(size[1] * scale), 1)


def _photo_decode(image: PILImage.Image, *, mode: str) -> PILImage.Image:
    """The pixels, at most STORED_SIDE on their longest side; one full-size decode at most."""
    if max(image.size) > STORED_SIDE and image.format == "JPEG":
        # Before load(): libjpeg then decodes straight to the smallest scale above our size.
        image.draft("RGB", _fit(image.size, STORED_SIDE))
    image.load()
    if image.mode not in REDUCIBLE_MODES:
        image = image.convert(mode)
    factor = max(image.size) // STORED_SIDE
    if factor >= 2:
        # Whole blocks of pixels averaged: cheap, and thumbnail() then resamples a small image.
        image = image.reduce(factor)
    image.thumbnail((STORED_SIDE, STORED_SIDE), PILImage.Resampling.LANCZOS)
    return image


def _as_srgb(image: PILImage.Image, *, mode: str) -> PILImage.Image:
    """The image in `mode` with sRGB colours, its own ICC profile applied then left behind."""
    icc = image.info.get("icc_profile")
    if icc and ImageCms is not None:
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a profile LittleCMS cannot read: the colours as they are, not a refusal
    return image.convert(mode)


def photo_check(upload) -> None:
    """A photo we may decode: size and pixel count from the header, structure checked.

    The pixels themselves are decoded once, by `photo_reencode` in the service that
    stores the photo; it refuses a photo that does not decode with the same message.
    """
    _too_large(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    _photo_open(upload).close()


def photo_reencode(upload) -> tuple[bytes, str]:
    """The photo written anew from its pixels only, and the extension to store it.

    Upright (EXIF orientation applied), in sRGB, at most STORED_SIDE pixels on its
    longest side; no comment, EXIF, XMP or ICC profile of the upload survives.
    Raises ValidationError for anything `photo_check` refuses or cannot decode.
    """
    _too_large(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    image = _photo_open(upload)
    keeps_alpha = _keeps_alpha(image)
    mode = "RGBA" if keeps_alpha else "RGB"
    try:
        # Rebinding `image` lets the full-size decode go as soon as it is shrunk.
        image = _photo_decode(image, mode=mode)
        image = _as_srgb(ImageOps.exif_transpose(image), mode=mode)
    except Exception:
        raise _not_a_photo() from None
    # A new image takes the pixels alone: Pillow writes back the comment, EXIF, XMP
    # and profile it keeps in `info`, and a JPEG comment can hold HTML.
    clean = PILImage.new(mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if keeps_alpha:
        clean.save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    clean.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), "jpg"


def is_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # The PDF standard lets the header start within the first 1024 bytes.
    return b"%PDF-" in head


def document_for_storage(upload, *, stem: str = "tai-lieu") -> ContentFile:
    """What to store of a checked document: a PDF as it is, a photo re-encoded.

    The stored name is ours (`stem` + the extension of the content), never the sender's.
    """
    if is_pdf(upload):
        return ContentFile(upload.read(), name=f"{stem}.pdf")
    data, extension = photo_reencode(upload)
    return ContentFile(data, name=f"{stem}.{extension}")


def spreadsheet_check(upload, max_bytes: int) -> None:
    """A CSV (text) or an XLSX (a zip of a workbook), as its name says, not a bomb."""
    _too_large(upload, max_bytes)
    name = (upload.name or "").lower()
    if name.endswith(".xls"):
        raise ValidationError(
            _("Old .xls files cannot be read. Save the file as .xlsx or CSV UTF-8."),
            code="extension",
        )
    if not name.endswith(SPREADSHEET_EXTENSIONS):
        raise ValidationError(_("Upload a .csv or .xlsx file."), code="extension")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if name.endswith(".xlsx"):
        _xlsx_check(upload, head)
        return
    # Markup (HTML, SVG, XML) or an archive renamed .csv; the importer reports wrong encodings.
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04") or text.startswith(b"<"):
        raise ValidationError(
            _("This file is not a spreadsheet: save it as CSV or .xlsx from Excel."),
            code="not_a_spreadsheet",
        )


def _xlsx_check(upload, head: bytes) -> None:
    unreadable = ValidationError(
        _("This .xlsx file cannot be read: save it again from Excel."), code="not_a_spreadsheet"
    )
    if not head.startswith(b"PK\x03\x04"):
        raise unreadable
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise unreadable
    # Python's zip reader stops at each member's declared size: the declared sum is a bound.
    if sum(member.file_size for member in members) > SPREADSHEET_MAX_UNPACKED:
        raise ValidationError(
            _("This .xlsx file unpacks to more than %(mb)s MB: it is not a normal spreadsheet.")
            % {"mb": SPREADSHEET_MAX_UNPACKED // MB},
            code="bomb",
        )


class PhotoField(forms.FileField):
    """A JPEG, PNG or WebP photo; the service that stores it re-encodes it."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            photo_check(upload)
        return upload


class DocumentField(forms.FileField):
    """A photo of a paper (checked as a photo) or a PDF, up to `max_bytes`."""

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        _too_large(upload, self.max_bytes)
        if is_pdf(upload):
            if not (upload.name or "").lower().endswith(".pdf"):
                upload.name = f"{upload.name or 'tai-lieu'}.pdf"
            return upload
        try:
            _photo_open(upload).close()
        except ValidationError as error:
            if error.code == "not_a_photo":
                raise ValidationError(
                    _("This file is neither a photo (JPEG, PNG, WebP) nor a PDF."),
                    code="not_a_document",
                ) from None
            raise
        return upload


class SpreadsheetField(forms.FileField):
    """A CSV or XLSX file, up to `max_bytes`."""

    def __init__(self, *, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={
                    "accept": ".csv,.xlsx,text/csv,"
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            spreadsheet_check(upload, self.max_bytes)
        return upload
