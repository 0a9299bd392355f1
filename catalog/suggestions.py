"""Product names near what a buyer typed, for a search that found nothing or little.

"keo dau" finds nothing (no product holds both words), yet the buyer meant "Kẹo dừa":
the catalog offers the live products' names nearest to the folded query, each a link
that searches it. PostgreSQL measures the nearness with pg_trgm's word similarity (the
best match of the query's trigrams against any run of the name's), served nearest first
by the GiST trigram index of migration 0015. SQLite has no such function: there difflib
compares the query with as many first words of the newest names, read once per catalog
version.
"""

import difflib

from django.core.cache import cache
from django.db import connections
from django.db.models import Value

from marketplace.core.text import fold

from .models import Product, ProductStatus
from .selectors import CATEGORIES_CACHE_SECONDS, catalog_version

SUGGESTIONS = 5
# pg_trgm's word distance (1 - word similarity) up to which a name counts as near:
# "keo dau" is 0.375 from "keo dua ben tre", 0.5 from "dau dua".
TRIGRAM_FAR = 0.45
# difflib's ratio (2 × matching characters / both lengths) likewise: "keo dau" against
# "keo dua" is 0.86, against "dau dua" 0.43.
RATIO_NEAR = 0.6
# SQLite: how many of the newest live products' names are compared (the rest are not
# offered); a list of this size is read in ~10 ms and compared in a few.
NAMES_COMPARED = 5000


def _live():
    return Product.objects.filter(status=ProductStatus.LIVE, on_recall=False)


def product_names_near(*, text: str, limit: int = SUGGESTIONS) -> list[str]:
    """Up to `limit` names of live products near `text`, nearest first, one per folded
    name; names the search itself finds (holding every word typed) are left out. One
    query on PostgreSQL; on SQLite one per catalog version, then none."""
    folded = fold(text)
    if not folded:
        return []
    if connections[_live().db].vendor == "postgresql":
        candidates = _near_by_trigrams(folded, limit=limit * 4)
    else:
        candidates = _near_by_difflib(folded)
    words = folded.split()
    names: dict[str, str] = {}
    for name_folded, name in candidates:
        if not all(word in name_folded for word in words):
            names.setdefault(name_folded, name)
    return list(names.values())[:limit]


def _near_by_trigrams(folded: str, *, limit: int) -> list[tuple[str, str]]:
    from django.contrib.postgres.search import TrigramWordDistance

    # The index hands the nearest first, so the read stops at `limit`; the bar is
    # applied after it (a WHERE on the distance would walk on past far names).
    rows = (
        _live()
        .annotate(distance=TrigramWordDistance(Value(folded), "name_folded"))
        .order_by("distance")
        .values_list("name_folded", "name", "distance")[:limit]
    )
    return [(name_folded, name) for name_folded, name, distance in rows if distance <= TRIGRAM_FAR]


def _names_compared() -> list[tuple[str, str]]:
    """(folded, name) of the newest live products, one per folded name."""

    def load():
        names: dict[str, str] = {}
        rows = _live().order_by("-created_at").values_list("name_folded", "name")
        for name_folded, name in rows[:NAMES_COMPARED]:
            names.setdefault(name_folded, name)
        return list(names.items())

    return cache.get_or_set(f"catalog:names:{catalog_version()}", load, CATEGORIES_CACHE_SECONDS)


def _near_by_difflib(folded: str) -> list[tuple[str, str]]:
    # Against as many of a name's first words as were typed: "keo dau" is near the
    # "keo dua" of "keo dua ben tre", far from the whole name. Names sharing those first
    # words are compared once.
    typed = len(folded.split())
    by_head: dict[str, list[tuple[str, str]]] = {}
    for name_folded, name in _names_compared():
        by_head.setdefault(" ".join(name_folded.split()[:typed]), []).append((name_folded, name))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(folded)
    scored = []
    for order, (head, names) in enumerate(by_head.items()):
        matcher.set_seq1(head)
        if matcher.real_quick_ratio() < RATIO_NEAR or matcher.quick_ratio() < RATIO_NEAR:
            continue
        ratio = matcher.ratio()
        if ratio >= RATIO_NEAR:
            scored.append((-ratio, order, names))
    scored.sort(key=lambda row: row[:2])
    return [pair for _ratio, _order, names in scored for pair in names]
