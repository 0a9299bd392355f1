"""When a message may go: consent, quiet hours and per-number rate limits.

Pure decisions over the database's facts; the delivery service acts on them.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import Message, OptOut, Status

VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")
HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Decision:
    hold_until: dt.datetime | None = None  # not now: try again then
    suppress: str = ""  # never: why


GO = Decision()


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """The end of the night (07:00 Viet Nam time) when `now` falls in it, else None."""
    start, end = settings.NOTIFY_QUIET_HOURS
    local = now.astimezone(VIET_NAM)
    if end <= local.hour < start:
        return None
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if local.hour >= start:
        morning += dt.timedelta(days=1)
    return morning


def opted_out(message: Message) -> bool:
    addresses = [address for address in (message.phone, message.email.lower()) if address]
    return OptOut.objects.filter(address__in=addresses).exists()


def rate_limited_until(message: Message, now: dt.datetime) -> dt.datetime | None:
    """When this number may receive again, if it already had its share of the last hour.

    In-app notices keep no phone number: they neither count here nor wait for a slot."""
    if not message.phone:
        return None
    recent = (
        Message.objects.filter(phone=message.phone, status=Status.SENT, sent_at__gt=now - HOUR)
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
    )
    limit = settings.NOTIFY_RATE_PER_HOUR
    sent = list(recent)
    if len(sent) < limit:
        return None
    return sent[len(sent) - limit] + HOUR


def delivery_decision(message: Message, now: dt.datetime) -> Decision:
    """Essential messages (one-time codes) ignore consent and the night; a flood of them
    to one number is dropped (someone is abusing the form). Others wait, never vanish,
    except for a person who said no."""
    if not message.is_essential and opted_out(message):
        return Decision(suppress="opted out")
    if not message.is_essential:
        until = quiet_until(now)
        if until:
            return Decision(hold_until=until)
    until = rate_limited_until(message, now)
    if until and message.is_essential:
        return Decision(suppress="rate limit")
    if until:
        return Decision(hold_until=until)
    return GO
