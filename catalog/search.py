"""Word search over each product's folded search text, served by an index on both databases.

A buyer types "mam" for "Nước mắm Tam Quan", "tra" for the tea category, "vinh long"
for the province or "htx" for a cooperative: every word must appear anywhere in
`Product.search_folded` (product, category, seller, commune and province names,
folded). PostgreSQL serves `LIKE '%mam%'` from a trigram GIN index (migration 0009).
SQLite cannot index such a LIKE, so on SQLite an FTS5 table with the trigram
tokenizer mirrors `search_folded`, kept in step by triggers; a word of three letters
or more is looked up there, a shorter one (the tokenizer has no trigram for it)
falls back to LIKE over the rows the longer words left.
"""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "catalog_product_fts"
FTS_TRIGGERS = ("catalog_product_fts_ai", "catalog_product_fts_ad", "catalog_product_fts_au")
TRIGRAM = 3
SEARCH_COLUMN = "search_folded"


def _sqlite_statements(column: str) -> tuple[str, ...]:
    # External-content FTS5: the index holds only trigrams, the text stays in
    # catalog_product. A delete must hand FTS5 the values it indexed, hence `old.`.
    # (Migration 0005 mirrored `name_folded`; 0009 moved the mirror to `search_folded`.)
    return (
        f"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            {column}, content='catalog_product', content_rowid='id', tokenize='trigram'
        )
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}(rowid, {column}) VALUES (new.id, new.{column});
        END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {column})
            VALUES ('delete', old.id, old.{column});
        END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS catalog_product_fts_au
        AFTER UPDATE OF {column} ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {column})
            VALUES ('delete', old.id, old.{column});
            INSERT INTO {FTS_TABLE}(rowid, {column}) VALUES (new.id, new.{column});
        END
        """,
    )


def sqlite_fts_install(connection, column: str = SEARCH_COLUMN) -> None:
    """Create the FTS5 mirror and its triggers if missing, and (re)fill it from the products."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _sqlite_statements(column):
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def sqlite_fts_uninstall(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for trigger in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def sqlite_fts_repair(connection) -> bool:
    """Put back triggers a later migration dropped; True when something was repaired.

    On SQLite, Django alters a table by copying it into a new one, which drops its
    triggers: this runs after every `migrate` so the mirror cannot silently go stale.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS_TABLE, *FTS_TRIGGERS],
        )
        present = {row[0] for row in cursor.fetchall()}
    if FTS_TABLE not in present or present >= {FTS_TABLE, *FTS_TRIGGERS}:
        return False
    sqlite_fts_install(connection)
    return True


def _fts_phrase(word: str) -> str:
    # A double-quoted FTS5 string matches the characters literally; quotes double.
    return '"' + word.replace('"', '""') + '"'


def filter_words(
    queryset: QuerySet, words: list[str], whole_words: frozenset[str] = frozenset()
) -> QuerySet:
    """Products whose search text contains every (already folded) word.

    A word in `whole_words` must stand as a word of its own: the search text is kept
    with a space at both ends, so " tra " finds "Trà" and "Trà Vinh" but not "Trái cây".
    The others may appear anywhere, inside a word too ("mam" in "nuoc mam").
    """
    if not words:
        return queryset
    patterns = [f" {w} " if w in whole_words else w for w in words]
    indexed = [p for p in patterns if len(p) >= TRIGRAM]
    if connections[queryset.db].vendor == "sqlite" and indexed:
        match = " ".join(_fts_phrase(p) for p in indexed)
        queryset = queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
        patterns = [p for p in patterns if len(p) < TRIGRAM]
    for pattern in patterns:
        queryset = queryset.filter(search_folded__contains=pattern)
    return queryset
