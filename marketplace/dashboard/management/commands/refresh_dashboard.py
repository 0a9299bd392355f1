from django.core.management.base import BaseCommand

from marketplace.dashboard.rollup import rollup_refresh


class Command(BaseCommand):
    help = "Rebuild the officer dashboard's figures (per commune and month)."

    def handle(self, *args, **options):
        count = rollup_refresh()
        self.stdout.write(self.style.SUCCESS(f"Dashboard figures refreshed for {count} communes."))
