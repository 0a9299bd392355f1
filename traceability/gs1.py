"""GS1 identifiers: GTIN check digits, lot numbers, and Digital Link URIs.

Rules from the GS1 General Specifications and GS1 Digital Link 1.2 (see STANDARDS.md).
"""

import re
from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)

# GS1 AI encodable character set 82: what a lot (AI 10) may contain.
GS1_CHARSET_82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
LOT_MAX_LENGTH = 20

# Digital Link percent-encodes everything outside the URI unreserved set, so a
# lot like "LOT07/A" stays one path segment: "LOT07%2FA".
_UNRESERVED = "-._~"
_DIGITS = re.compile(r"^\d+$")


def check_digit(body: str) -> int:
    """GS1 mod-10: weights 3,1,3,1... from the rightmost digit of the body."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def with_check_digit(body: str) -> str:
    return body + str(check_digit(body))


def is_valid_gtin(value: str) -> bool:
    if not value or not _DIGITS.match(value) or len(value) not in GTIN_LENGTHS:
        return False
    return check_digit(value[:-1]) == int(value[-1])


def gtin14(value: str) -> str:
    """The canonical 14-digit form of a valid GTIN-8/12/13/14 (zero-padded on the left)."""
    value = (value or "").strip()
    if not is_valid_gtin(value):
        raise ValidationError(
            _("%(value)s is not a valid GTIN: check the digits and the last (check) digit."),
            code="gtin",
            params={"value": value},
        )
    return value.zfill(14)


def validate_gtin(value: str) -> None:
    gtin14(value)


def validate_lot_number(value: str) -> None:
    if not 1 <= len(value) <= LOT_MAX_LENGTH:
        raise ValidationError(
            _("A lot number has 1 to 20 characters."), code="lot_length", params={"value": value}
        )
    bad = sorted(set(value) - GS1_CHARSET_82)
    if bad:
        raise ValidationError(
            _("A lot number may not contain: %(chars)s (use unaccented letters, digits, -, /)."),
            code="lot_chars",
            params={"chars": " ".join(bad)},
        )


def encode_lot(lot: str) -> str:
    return quote(lot, safe=_UNRESERVED)


def decode_lot(segment: str) -> str:
    return unquote(segment)


def digital_link_path(gtin: str, lot: str | None = None) -> str:
    """/01/<gtin14>[/10/<lot>], the lot percent-encoded; without a lot, the GTIN itself."""
    path = f"/01/{gtin14(gtin)}"
    return path if lot is None else f"{path}/10/{encode_lot(lot)}"
