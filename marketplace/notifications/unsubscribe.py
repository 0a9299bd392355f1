"""Signed unsubscribe links: the address travels in the link, signed so nobody can forge one."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


def unsubscribe_token(*, address: str) -> str:
    return signing.dumps(address, salt=SALT, compress=True)


def unsubscribe_address(*, token: str) -> str | None:
    """The address a token was made for, or None when it was tampered with."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(*, address: str) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(address=address)])
    return settings.SITE_URL + path
