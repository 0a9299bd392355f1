from django.core.management.base import BaseCommand

from marketplace.accounts.services import login_lockout_clear


class Command(BaseCommand):
    help = (
        "Lift the login lock of one account, from every address: "
        "manage.py unlock 0912 345 678 (any spelling of the number) or an e-mail."
    )

    def add_arguments(self, parser):
        # Several words, so that "0912 345 678" may be typed without quotes.
        parser.add_argument("identifier", nargs="+", help="mobile number or e-mail")

    def handle(self, *args, identifier, **options):
        removed = login_lockout_clear(identifier=" ".join(identifier))
        self.stdout.write(f"{removed} lockout record(s) removed")
