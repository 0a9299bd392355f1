"""Reading a page's <img> tags as a browser on a 360 px phone would choose among them."""

import re
from html.parser import HTMLParser

PHONE_CSS_PX = 360
PAGE_PADDING_PX = 28  # .wrap's padding, both sides (site.css)
TILE_GAP_PX, TILE_BORDER_PX = 12, 2  # .grid's gap, a .tile's border (both sides)


class _Images(HTMLParser):
    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.found = css_class, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "img" and (not self.css_class or self.css_class in classes):
            self.found.append(attrs)


def images_on_page(html: str, css_class: str = "") -> list[dict]:
    """The attributes of each <img> (of that class, if given), in page order."""
    parser = _Images(css_class)
    parser.feed(html)
    return parser.found


def srcset_widths(img: dict) -> list[int]:
    return sorted(int(w) for w in re.findall(r" (\d+)w(?:,|$)", img["srcset"]))


def _size_slots(sizes: str) -> list[str]:
    """`sizes` split at its commas, not at those inside min() or calc()."""
    slots, depth, start = [], 0, 0
    for i, char in enumerate(sizes):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            slots.append(sizes[start:i].strip())
            start = i + 1
    return [*slots, sizes[start:].strip()]


def picked_width(img: dict, *, dpr: float, screen: int = PHONE_CSS_PX) -> int:
    """The candidate a browser takes on a phone `screen` CSS px wide (360 unless told): the
    narrowest that covers the image's slot (`sizes`' last, unconditional, entry) at the
    screen's pixel ratio."""
    slot = _size_slots(img["sizes"])[-1]
    page = screen - PAGE_PADDING_PX
    css_px = {
        f"calc(100vw - {PAGE_PADDING_PX}px)": page,
        f"min(720px, calc(100vw - {PAGE_PADDING_PX}px))": min(720, page),
        "calc(50vw - 22px)": (page - TILE_GAP_PX) / 2 - TILE_BORDER_PX,
    }[slot]
    widths = srcset_widths(img)
    return min((w for w in widths if w >= css_px * dpr), default=max(widths))
