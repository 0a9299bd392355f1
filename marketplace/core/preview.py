"""Upload -> preview -> confirm: the parsed rows travel back with the confirmation, signed.

The file is read once; what the preview showed is exactly what the confirmation saves,
and nobody can alter it in between (the signature would not match). Each import uses
its own salt, so a product preview cannot be replayed as a roster import.
"""

from django.core import signing

PREVIEW_MAX_AGE = 3600  # seconds: the preview page stays confirmable for an hour


class PreviewExpired(Exception):
    """The signed preview is too old, or was altered: upload the file again."""


def preview_sign(data, *, salt: str) -> str:
    """A compact signed token of `data` (JSON-serialisable), for a hidden form field."""
    return signing.dumps(data, salt=salt, compress=True)


def preview_load(token: str, *, salt: str, max_age: int = PREVIEW_MAX_AGE):
    """The data signed by `preview_sign`; raises PreviewExpired when stale or altered."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise PreviewExpired from None
