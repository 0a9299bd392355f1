from django.core.management.base import BaseCommand

from catalog.facets import facet_counts_rebuild
from catalog.services import expired_stars_refresh


class Command(BaseCommand):
    help = (
        "Recompute the OCOP stars of products whose best certificate has expired, "
        "so that a lesser certificate still valid shows, and count the catalog's filter"
        " options again. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        refreshed = expired_stars_refresh()
        rows = facet_counts_rebuild()  # the safety net for writes that bypass the models
        self.stdout.write(
            self.style.SUCCESS(
                f"OCOP stars refreshed for {refreshed} products; {rows} facet counts."
            )
        )
