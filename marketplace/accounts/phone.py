"""Vietnamese mobile numbers: validated, stored as E.164 (+84...), shown as 0xxx xxx xxx."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile prefixes in use since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(raw: str) -> str:
    """Return `raw` as +84XXXXXXXXX, or raise ValidationError.

    Accepts what people type: "0912 345 678", "0912.345.678", "+84 912 345 678",
    "84912345678".
    """
    digits = _SEPARATORS.sub("", str(raw or ""))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits
    if not _MOBILE.match(digits):
        raise ValidationError(
            _("Enter a Vietnamese mobile number, for example 0912 345 678."),
            code="invalid_phone",
        )
    return "+84" + digits[1:]


def display_phone(e164: str) -> str:
    """+84912345678 -> 0912 345 678.

    A number stored as typed before it was normalised ("0912.345.678") is shown the same
    way; anything that is not a Vietnamese mobile number is shown as it is.
    """
    if e164 and not e164.startswith("+84"):
        try:
            e164 = normalize_phone(e164)
        except ValidationError:
            return e164
    if not e164:
        return ""
    local = "0" + e164[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"
