"""Login lockout (django-axes): per account and address, with a wider limit per account.

Ten wrong passwords from one address lock that account from that address only, so that
nobody can lock an administrator out from everywhere by guessing from their own phone.
A guesser who spreads over many addresses is stopped by the account-wide limit
(AXES_ACCOUNT_FAILURE_LIMIT, from any address), which lasts the same cool-off.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str:
    """The visitor's address. Behind our reverse proxy REMOTE_ADDR is the proxy's: then
    the address is the last one of X-Forwarded-For that no proxy of ours added (what the
    visitor wrote further left is their own word and may be anything)."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if address not in trusted or not forwarded:
        return address
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address
    return address


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]],
    plus the account-wide limit."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures counted against AXES_FAILURE_LIMIT: this address's on this account;
        the whole limit once the account has its wider limit from all addresses."""
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if not username:
            return failures
        everywhere = (
            AccessAttempt.objects.filter(
                username=username, attempt_time__gte=get_cool_off_threshold(request)
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        if everywhere >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures
