from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from marketplace.delivery.tracking import shipments_track


class Command(BaseCommand):
    help = "Ask the couriers where the parcels still travelling are (run by a timer)."

    def handle(self, *args, **options):
        result = shipments_track()
        self.stdout.write(
            _("Parcels asked: %(asked)d, new statuses: %(recorded)d, not answered: %(failed)d")
            % {"asked": result.asked, "recorded": result.recorded, "failed": result.failed}
        )
