"""What a lot's QR code says; marketplace.core.qr draws it."""

from urllib.parse import urlsplit

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
