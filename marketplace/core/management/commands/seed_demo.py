import logging
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import override_settings

from marketplace.core.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoContext, demo_steps

# The demo's people have made-up numbers: what they are told of their orders and shops
# is kept in the database (their notification lists) and sent nowhere, quietly.
DEMO_NOTIFICATIONS = {"NOTIFY_CHANNELS": ["console"]}
NOTIFICATIONS_LOG = logging.getLogger("marketplace.notifications")


class Command(BaseCommand):
    help = "Load the demo province (Vĩnh Long) with its people, shops and data. Safe to run twice."

    def handle(self, *args, **options):
        self._commits_unwaited()
        level = NOTIFICATIONS_LOG.level
        NOTIFICATIONS_LOG.setLevel(logging.ERROR)
        try:
            with override_settings(**DEMO_NOTIFICATIONS):
                context = self._seed()
        finally:
            NOTIFICATIONS_LOG.setLevel(level)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for role in DEMO_LOGINS:
            user = context.users[role]
            self.stdout.write(f"  {role:<14} {user.phone_display:<14} {user.display_name}")

    def _commits_unwaited(self) -> None:
        """Every background task run after a step's commit writes in its own transaction:
        not waiting for the disk on each commit halves the seed. Only this connection, for
        this load: PostgreSQL may lose the last commits in a crash, never the database; a
        power cut during an SQLite seed may spoil the file, and `make clean` redoes it."""
        if connection.in_atomic_block:
            return
        pragma = {
            "sqlite": "PRAGMA synchronous = OFF",
            "postgresql": "SET synchronous_commit = off",
        }
        if connection.vendor in pragma:
            with connection.cursor() as cursor:
                cursor.execute(pragma[connection.vendor])

    def _seed(self) -> DemoContext:
        context = DemoContext()
        started = time.monotonic()
        for step in demo_steps():
            self.stdout.write(f"  {step.name}...", ending="")
            self.stdout.flush()
            began = time.monotonic()
            with transaction.atomic():
                step.seed(context)
            self.stdout.write(f" {time.monotonic() - began:.1f} s")
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({seconds:.0f} s)."))
        for line in context.log:
            self.stdout.write(f"  {line}")
        return context
