from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from marketplace.orders.states import seller_orders_expire


class Command(BaseCommand):
    help = "Cancel orders unconfirmed and unpaid past their hold; their stock goes back on sale."

    def handle(self, *args, **options):
        # The reason is stored in the order's history: in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            cancelled = seller_orders_expire()
        self.stdout.write(f"{cancelled} seller orders cancelled after their hold")
