from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from marketplace.notifications.services import messages_retry


class Command(BaseCommand):
    help = "Deliver the queued messages that are due (run every few minutes by a timer)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Also give failed messages a fresh set of tries (after fixing a provider).",
        )

    def handle(self, *args, failed=False, **options):
        count = messages_retry(include_failed=failed)
        self.stdout.write(_("Messages tried: %(count)d") % {"count": count})
