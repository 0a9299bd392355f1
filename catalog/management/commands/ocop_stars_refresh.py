from django.core.management.base import BaseCommand

from catalog.services import expired_stars_refresh


class Command(BaseCommand):
    help = (
        "Recompute the OCOP stars of products whose best certificate has expired, "
        "so that a lesser certificate still valid shows. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        refreshed = expired_stars_refresh()
        self.stdout.write(self.style.SUCCESS(f"OCOP stars refreshed for {refreshed} products."))
