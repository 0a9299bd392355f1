"""What an SMS costs: its encoding and how many segments the operator bills.

GSM-7 carries 160 characters in one segment, 153 a part when split (the rest is the
concatenation header); characters of the GSM extension table (€, [, ], {, }, ~, ^, |,
backslash, form feed) take two. Any other character (Vietnamese letters with diacritics,
₫, “curly quotes”) makes the whole message UCS-2: 70 a segment, 67 a part, counted in
UTF-16 units.
"""

import unicodedata
from dataclasses import dataclass

from marketplace.core.text import fold

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

# Typography with a plain GSM-7 twin: swapped in the unaccented form so that one curly
# quote does not turn a 160-character message into three UCS-2 segments.
_PLAIN_TWINS = str.maketrans(
    {
        "₫": "đ",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


@dataclass(frozen=True)
class SmsCost:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def _gsm7_units(text: str) -> int | None:
    units = 0
    for char in text:
        if char in GSM7_BASIC:
            units += 1
        elif char in GSM7_EXTENSION:
            units += 2
        else:
            return None
    return units


def sms_segments(text: str) -> SmsCost:
    """The encoding, length and segment count an operator bills for `text`."""
    text = unicodedata.normalize("NFC", text)
    units = _gsm7_units(text)
    if units is not None:
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else -(-units // part)
    return SmsCost(encoding=encoding, units=units, segments=max(segments, 1))


def _plain_char(char: str) -> str:
    if char.isascii():
        return char
    plain = fold(char) or char
    return plain.upper() if char.isupper() else plain


def unaccented(text: str) -> str:
    """`text` without Vietnamese diacritics, case kept: "Chợ Số: đơn" -> "Cho So: don"."""
    text = unicodedata.normalize("NFC", text).translate(_PLAIN_TWINS)
    return "".join(_plain_char(char) for char in text)
