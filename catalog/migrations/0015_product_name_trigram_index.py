"""A trigram index on the products' folded names, for the names offered when a search
finds nothing (catalog/suggestions.py). GiST, not GIN: it hands out the nearest names
first (`ORDER BY ... <<-> name_folded LIMIT n`, about 20 ms at 100,000 products), where
GIN finds every name sharing trigrams (11,000 for "keo dau") and sorts them all (200 ms).
PostgreSQL only (pg_trgm is there since 0003); SQLite compares names in Python."""

from django.db import migrations


def name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_name_folded_trgm_gist "
            "ON catalog_product USING gist (name_folded gist_trgm_ops)"
        )


def drop_name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_product_name_folded_trgm_gist")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0014_product_category_top")]

    operations = [migrations.RunPython(name_trigram_index, drop_name_trigram_index)]
