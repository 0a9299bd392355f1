from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from marketplace.training.reminders import training_reminders_send


class Command(BaseCommand):
    help = "Remind the households invited to tomorrow's training sessions (run daily)."

    def handle(self, *args, **options):
        count = training_reminders_send()
        self.stdout.write(_("Households reminded: %(count)d") % {"count": count})
