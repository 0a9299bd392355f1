from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.core.demo import DEMO_PASSWORD, SEEDERS, DemoContext


class Command(BaseCommand):
    help = "Load the demo province (Vĩnh Long) with its people, shops and data. Safe to run twice."

    def handle(self, *args, **options):
        context = DemoContext()
        for path in SEEDERS:
            self.stdout.write(f"  {path.rsplit('.', 2)[-2]}...")
            with transaction.atomic():
                import_module(path).seed(context)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for role, user in context.users.items():
            self.stdout.write(f"  {role:<14} {user.phone_display:<14} {user.display_name}")
        for line in context.log:
            self.stdout.write(line)
