from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from marketplace.notifications.zalo_token import (
    zalo_refresh_configured,
    zalo_token_current,
    zalo_token_due,
    zalo_token_from_settings,
    zalo_token_refresh,
)


class Command(BaseCommand):
    help = (
        "Refresh the Zalo OA access token when it expires within ZALO_TOKEN_REFRESH_MARGIN "
        "(run hourly by a timer); fails when a due refresh did not succeed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Refresh now, however long the token lasts."
        )
        parser.add_argument(
            "--from-settings",
            action="store_true",
            help="Start again from ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN (after "
            "authorising the OA again), then refresh.",
        )

    def handle(self, *args, force=False, from_settings=False, **options):
        if from_settings:
            if not (settings.ZALO_OA_ACCESS_TOKEN and settings.ZALO_OA_REFRESH_TOKEN):
                raise CommandError("Set ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN first.")
            zalo_token_from_settings()
        if not zalo_refresh_configured():
            self.stdout.write(
                "Zalo refresh is off: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_REFRESH_TOKEN"
            )
            return
        self.stdout.write(_expiry("Current token"))
        if not (force or zalo_token_due()):
            self.stdout.write("Not due: nothing refreshed.")
            return
        if zalo_token_refresh(force=force) is None:
            raise CommandError("Zalo token refresh failed (see the log); the token was kept.")
        self.stdout.write(self.style.SUCCESS(_expiry("Refreshed: the new token")))


def _expiry(label: str) -> str:
    current = zalo_token_current()
    if current is None:
        return f"{label}: from the settings, expiry unknown."
    expires = timezone.localtime(current.expires_at)
    return f"{label} expires at {expires:%Y-%m-%d %H:%M %Z}."
