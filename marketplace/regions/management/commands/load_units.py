from django.core.management.base import BaseCommand

from marketplace.regions.services import units_load


class Command(BaseCommand):
    help = "Load Viet Nam's administrative units (34 provinces and their communes, 2025)."

    def handle(self, *args, **options):
        result = units_load()
        self.stdout.write(
            f"{result.provinces} provinces, {result.communes} communes, {result.retired} retired."
        )
