"""Vietnamese mobile numbers: validated, stored as E.164 (+84...), shown as 0xxx xxx xxx.

Which ranges are mobile numbers in use is the metadata of `phonenumbers` (Google's
libphonenumber, updated with each renumbering), not a pattern of our own: `0[35789]`
also took unallocated ranges (050, 053, 080...) that no SIM card can have.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The shape of a national mobile number (ten ASCII digits, 0 first); the ranges come
# from phonenumbers. Checked first because its parser is lenient: it reads letters as
# keypad digits ("1-800-FLOWERS") and other scripts' digits as ours.
_NATIONAL = re.compile(r"^0[0-9]{9}$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(raw: str) -> str:
    """Return `raw` as +84XXXXXXXXX, or raise ValidationError.

    Accepts what people type: "0912 345 678", "0912.345.678", "+84 912 345 678",
    "84912345678". Refuses landlines and ranges no carrier has been allocated.
    """
    digits = _SEPARATORS.sub("", str(raw or ""))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits
    if not (_NATIONAL.match(digits) and is_mobile(digits)):
        raise ValidationError(
            _("Enter a Vietnamese mobile number, for example 0912 345 678."),
            code="invalid_phone",
        )
    return "+84" + digits[1:]


def is_mobile(national: str) -> bool:
    """Whether a ten-digit national number is in a mobile range allocated in Viet Nam."""
    number = phonenumbers.parse(national, "VN")
    return (
        phonenumbers.is_valid_number_for_region(number, "VN")
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


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
