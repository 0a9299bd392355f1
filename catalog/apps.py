from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_name_search(using="default", **kwargs):
    from django.db import connections

    from .search import sqlite_fts_repair

    sqlite_fts_repair(connections[using])


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from . import signals  # noqa: F401

        post_migrate.connect(_repair_name_search, sender=self)
