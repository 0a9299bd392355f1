"""The search reads one folded text per product: its name, category, seller and place.

SQLite's FTS5 mirror moves from `name_folded` to `search_folded` (dropped first: adding
the column copies the table, which would drop its triggers); PostgreSQL's trigram GIN
index likewise.
"""

from django.db import migrations, models

from catalog.search import sqlite_fts_install, sqlite_fts_uninstall
from marketplace.core.text import fold


def search_text_fill(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    products = Product.objects.select_related(
        "category__parent", "seller", "origin_commune__province"
    ).order_by("pk")
    rows = []
    for product in products.iterator(chunk_size=2000):
        category = product.category
        names = [product.name, category.name, category.name_en]
        if category.parent_id:
            names += [category.parent.name, category.parent.name_en]
        names += [
            product.seller.name,
            product.origin_commune.name,
            product.origin_commune.province.name,
        ]
        # Spaces at both ends, as Product.search_text() writes it.
        rows.append((f" {fold(' '.join(n for n in names if n))} ", product.pk))
    # Plain UPDATEs in a batch: bulk_update's CASE costs rows x batch size.
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE catalog_product SET search_folded = %s WHERE id = %s", rows)


def fts_drop(apps, schema_editor):
    sqlite_fts_uninstall(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_product_name_folded_trgm")


def fts_on_name(apps, schema_editor):
    sqlite_fts_install(schema_editor.connection, column="name_folded")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_name_folded_trgm "
            "ON catalog_product USING gin (name_folded gin_trgm_ops)"
        )


def fts_on_search_text(apps, schema_editor):
    sqlite_fts_install(schema_editor.connection, column="search_folded")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_search_folded_trgm "
            "ON catalog_product USING gin (search_folded gin_trgm_ops)"
        )


def fts_drop_search_text(apps, schema_editor):
    sqlite_fts_uninstall(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_product_search_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_category_name_en")]

    operations = [
        migrations.RunPython(fts_drop, fts_on_name),
        migrations.AddField(
            model_name="product",
            name="search_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(search_text_fill, migrations.RunPython.noop),
        migrations.RunPython(fts_on_search_text, fts_drop_search_text),
    ]
