from django.core.management.base import BaseCommand

from catalog.models import Product
from catalog.services import product_search_text_refresh


class Command(BaseCommand):
    help = (
        "Rewrite the search text of every product whose category, seller or place names "
        "changed without a signal (e.g. communes renamed by load_units). Safe to rerun."
    )

    def handle(self, *args, **options):
        changed = product_search_text_refresh(products=Product.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Search text rewritten for {changed} products."))
