"""On SQLite, an FTS5 trigram index over the folded names (PostgreSQL has its GIN index)."""

from django.db import migrations

from catalog.search import sqlite_fts_install, sqlite_fts_uninstall


def install(apps, schema_editor):
    sqlite_fts_install(schema_editor.connection, column="name_folded")


def uninstall(apps, schema_editor):
    sqlite_fts_uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_product_ocop_best")]

    operations = [migrations.RunPython(install, uninstall)]
