from django.core.management.base import BaseCommand

from catalog.photos import photo_renditions_backfill


class Command(BaseCommand):
    help = (
        "Queue the renditions product photos lack (e.g. a tile width added after their "
        "upload), so that no buyer's view makes them. Safe to rerun."
    )

    def handle(self, *args, **options):
        queued = photo_renditions_backfill()
        self.stdout.write(self.style.SUCCESS(f"Renditions queued for {queued} photos."))
