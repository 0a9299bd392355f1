"""Vietnamese text helpers shared by search, imports and slugs."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def unaccent(text: str) -> str:
    """Strip Vietnamese diacritics, keeping case and spacing: "Đà Lạt" -> "Da Lat".

    đ/Đ is a letter of its own, not a d with a mark, so NFD leaves it alone:
    it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics: "Nước mắm" -> "nuoc mam"."""
    return _SPACES.sub(" ", unaccent(text)).strip().lower()
