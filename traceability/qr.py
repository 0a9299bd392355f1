"""QR codes for lots: the payload rule, and compact SVG / PNG images."""

from urllib.parse import urlsplit

import qrcode
from django.conf import settings

from .gs1 import digital_link_path
from .models import Lot


def qr_payload(lot: Lot) -> str:
    """GS1 Digital Link when the lot carries a real GTIN, else our own /t/<code>/ URL.

    Never a made-up GTIN: a product without one gets only the /t/ URL. Both point at
    SITE_URL as configured (https in production): a label must open where the site is.
    """
    if lot.gtin:
        site = urlsplit(settings.SITE_URL)
        return f"{site.scheme}://{site.netloc}{digital_link_path(lot.gtin, lot.lot_number)}"
    return f"{settings.SITE_URL}/t/{lot.code}/"


def site_url_mismatch(request) -> str | None:
    """The host QR codes point at (SITE_URL) when it is not the one this page came from.

    A label printed then would send every scan to a site that is not there, e.g. a
    development server on another port than SITE_URL's.
    """
    site_host = urlsplit(settings.SITE_URL).netloc.lower()
    return None if site_host == request.get_host().lower() else settings.SITE_URL


def _matrix(payload: str) -> list[list[bool]]:
    # Level M survives a scuffed or partly wet label; border 4 is the quiet zone scanners need.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg_path(payload: str) -> tuple[int, str]:
    """(size in modules, SVG path data): one horizontal run per `h` command keeps it small."""
    matrix = _matrix(payload)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return len(matrix), "".join(parts)


def qr_svg(payload: str) -> str:
    size, path = qr_svg_path(payload)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )
