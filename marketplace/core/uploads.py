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

MB = 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
# An XLSX is a zip of XML parts: more than this once unpacked is a zip bomb, not a roster.
SPREADSHEET_MAX_UNPACKED = 50 * MB
SPREADSHEET_EXTENSIONS = (".csv", ".txt", ".xlsx")


def _too_large(upload, max_bytes: int) -> None:
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (over %(mb)s MB).") % {"mb": max_bytes // MB},
            code="too_large",
        )


def _open_photo(upload, max_pixels: int) -> PILImage.Image:
    """The decoded photo, or ValidationError: not an image, a format we refuse, or a bomb."""
    not_a_photo = ValidationError(
        _("This file is not a photo (JPEG, PNG or WebP)."), code="not_a_photo"
    )
    too_many_pixels = ValidationError(_("This photo has too many pixels."), code="too_many_pixels")
    # Pillow closes what it opened: give it a copy (the size is checked already).
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            # The header alone gives format and size: refuse a bomb before decoding it.
            with PILImage.open(io.BytesIO(data), formats=sorted(PHOTO_FORMATS)) as probe:
                if probe.width * probe.height > max_pixels:
                    raise too_many_pixels
                probe.verify()
            image = PILImage.open(io.BytesIO(data), formats=sorted(PHOTO_FORMATS))
            image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except Exception:
        raise not_a_photo from None
    return image


def photo_check(upload) -> None:
    """A photo we accept: size, pixel count and content checked."""
    _too_large(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    _open_photo(upload, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS).close()


def photo_reencode(upload) -> tuple[bytes, str]:
    """The photo written anew (EXIF dropped, orientation kept) and the extension to store it.

    Raises ValidationError for anything `photo_check` refuses.
    """
    _too_large(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    image = _open_photo(upload, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
    image = ImageOps.exif_transpose(image)
    keeps_alpha = image.mode in ("RGBA", "LA", "P") and image.format != "JPEG"
    out = io.BytesIO()
    if keeps_alpha:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
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
            _open_photo(upload, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS).close()
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
