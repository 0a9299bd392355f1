"""Text helpers: the Vietnamese fold shared by search, imports and slugs, and the one
way plain text typed by a person becomes safe HTML and back."""

import html
import re
import unicodedata

import nh3

_SPACES = re.compile(r"\s+")
_BREAK = re.compile(r"<br\s*/?>")
_PARAGRAPH_END = re.compile(r"</p>\s*")
_TAG = re.compile(r"<[^>]+>")


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


def text_as_html(text: str, *, line_break: str = "<br>") -> str:
    """Plain paragraphs as safe HTML: a blank line starts a `<p>`, a new line a break.

    Every character typed is escaped, so the result can be stored as rich text.
    """
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + line_break.join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p
    )


def html_clean(markup: str, *, tags: set[str]) -> str:
    """Only `tags` of `markup` kept, without any attribute: nothing active survives."""
    return nh3.clean(markup or "", tags=tags, attributes={}).strip()


def html_as_text(markup: str) -> str:
    """Stored HTML back as the plain paragraphs a form shows: the inverse of `text_as_html`."""
    text = _BREAK.sub("\n", markup or "")
    text = _PARAGRAPH_END.sub("\n\n", text)
    return html.unescape(_TAG.sub("", text)).strip()
