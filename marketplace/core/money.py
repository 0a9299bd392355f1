"""Money is whole Vietnamese dong, an int everywhere: its one formatter and its one parser.

People write a price the way they say it: "85.000", "85,000", "85.000 ₫", "85k",
"85 nghìn", "1,2 triệu", "1.2tr", "1tr2". `parse_vnd` reads all of them and refuses
what could mean two different amounts ("85.000.00") with a message that says why.
marketplace/core/static/core/money.js follows the same rules in the browser, for the
live "= 85.000 ₫" under the field; the server's reading is the one that counts.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# One tỷ (a billion dong): past it a farm price is a typing slip, not a price.
MAX_VND = 10**9
# Below it a price is probably missing its thousands ("85" for "85.000").
LOW_VND = 1000

_MULTIPLIERS = {
    "k": 1000,
    "nghin": 1000,
    "ngan": 1000,
    "tr": 10**6,
    "trieu": 10**6,
    "m": 10**6,
    "ty": 10**9,
    "ti": 10**9,
}
_CURRENCY = re.compile(r"(vnd|vnđ|đong|dong|đ|₫|d)$")
_FOLD = str.maketrans(
    {"ì": "i", "ệ": "e", "à": "a", "ỷ": "y", "ỉ": "i", "ồ": "o", "\u00a0": " ", "\u202f": " "}
)
_NUMBER_THEN_WORD = re.compile(r"^([0-9.,]+)([a-z]*)([0-9]*)$")
_GROUPED = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$")


def format_vnd(amount: int | None, language: str | None = None) -> str:
    """`125.000 ₫` in Vietnamese, `₫125,000` in English."""
    if amount is None:
        return ""
    amount = int(amount)
    language = (language or get_language() or "vi")[:2]
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,}"
    if language == "vi":
        return f"{sign}{digits.replace(',', '.')} ₫"
    return f"{sign}₫{digits}"


def format_vnd_digits(amount: int | None) -> str:
    """The amount as a person types it back into a field: `85.000`, no currency sign."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _plain_number(text: str) -> int:
    """Digits with thousands separators, or zero decimals ("85000.0", "1.250.000,00")."""
    if text.isdigit():
        return int(text)
    if _GROUPED.fullmatch(text):
        if "." in text and "," in text:
            raise _refuse(_("Use only dots or only commas between thousands."), "ambiguous")
        return int(re.sub(r"[.,]", "", text))
    last = "," if text.rfind(",") > text.rfind(".") else "."
    whole, separator, decimals = text.rpartition(last)
    if separator and decimals.isdigit() and len(decimals) <= 2:
        if whole.isdigit() or (_GROUPED.fullmatch(whole) and separator not in whole):
            if set(decimals) != {"0"}:
                raise _refuse(_("The amount must be whole dong."), "fraction")
            return _plain_number(whole)
    raise _refuse(
        _(
            "“%(value)s” can be read in more than one way. "
            "Write the whole amount in dong, e.g. 85.000."
        )
        % {"value": text},
        "ambiguous",
    )


def _scaled(number: str, multiplier: int, tail: str) -> int:
    """ "1,2" × triệu, or "1" × tr + "2" (1tr2): a decimal mark is allowed before a word."""
    if not tail and _GROUPED.fullmatch(number):
        # Three digits after the mark are thousands, as without a word: 1.200k = 1.200.000.
        return _plain_number(number) * multiplier
    if tail:
        if not number.isdigit():
            raise _refuse(_("Write the amount as 1,2 triệu or 1tr2, not both."), "ambiguous")
        number = f"{number}.{tail}"
    if number.count(",") + number.count(".") > 1:
        raise _refuse(_("Write the amount as 1,2 triệu or 1.200.000."), "ambiguous")
    whole, _separator, decimals = number.replace(",", ".").partition(".")
    if not whole.isdigit() or (decimals and not decimals.isdigit()):
        raise _refuse(_("Write the amount in digits, e.g. 85.000."), "invalid")
    numerator = int(whole + decimals) * multiplier
    denominator = 10 ** len(decimals)
    if numerator % denominator:
        raise _refuse(_("The amount must be whole dong."), "fraction")
    return numerator // denominator


def parse_vnd(text, *, maximum: int = MAX_VND) -> int:
    """Whole dong from what a person wrote, or a ValidationError in their language.

    Thousands are grouped by dots or commas in threes; a decimal comma or dot is
    allowed only before a word that scales it (1,2 triệu). Negative amounts,
    amounts over `maximum` and anything that reads two ways are refused.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = str(text if text is not None else "").strip()
        cleaned = raw.lower().translate(_FOLD).replace(" ", "")
        if not cleaned:
            raise _refuse(_("Write an amount, e.g. 85.000."), "required")
        if cleaned.startswith("-") or cleaned.startswith("âm"):
            raise _refuse(_("The amount cannot be negative."), "negative")
        cleaned = cleaned.removeprefix("+")
        cleaned = _CURRENCY.sub("", cleaned)
        match = _NUMBER_THEN_WORD.fullmatch(cleaned)
        if match is None or not any(ch.isdigit() for ch in match.group(1)) or len(cleaned) > 40:
            raise _refuse(
                _("“%(value)s” is not an amount. Write it in digits, e.g. 85.000.")
                % {"value": raw[:40]},
                "invalid",
            )
        number, word, tail = match.groups()
        if word:
            if word not in _MULTIPLIERS or (tail and word not in ("tr", "trieu", "k")):
                raise _refuse(
                    _("“%(value)s” is not an amount. Write it in digits, e.g. 85.000.")
                    % {"value": raw[:40]},
                    "invalid",
                )
            value = _scaled(number, _MULTIPLIERS[word], tail)
        else:
            value = _plain_number(number)
    if value < 0:
        raise _refuse(_("The amount cannot be negative."), "negative")
    if value > maximum:
        raise _refuse(
            _("%(amount)s is too large: at most %(maximum)s.")
            % {"amount": format_vnd(value), "maximum": format_vnd(maximum)},
            "too_large",
        )
    return value
