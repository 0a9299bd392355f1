"""Login lockout (django-axes): per account and address, with a wider limit per account.

Ten wrong passwords from one address lock that account from that address only, so that
nobody can lock an administrator out from everywhere by guessing from their own phone.
A guesser who spreads over many addresses is stopped by the account-wide limit
(AXES_ACCOUNT_FAILURE_LIMIT, from any address), which lasts the same cool-off. The
address is the one every limit counts by (marketplace.core.client_address.client_ip,
AXES_CLIENT_IP_CALLABLE): behind the proxy, IPv4-mapped folded, IPv6 by its /64.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


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
