"""SMS people send us: "TC" to the short code stops non-essential messages, "DK" resumes.

A brand-name SMS cannot be answered, so replies go to a short code (an "đầu số ngắn"
such as 8079) that eSMS.vn rents out; eSMS passes each one on to us as an HTTP GET
(`views.esms_mo`) and sends our answer back to the sender as an SMS. The words are the
ones Vietnamese senders already use: TC (từ chối) or HUY to stop, DK (đăng ký) to
resume. They are read without diacritics or case ("tc", "Từ chối", "TC." all stop).
Anything else gets a short help text, and the SMS is kept either way.
"""

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.accounts.phone import normalize_phone
from marketplace.core.text import fold

from .models import InboundSms, OptOut
from .services import optout_record, optout_withdraw

STOP_WORDS = {"tc", "tuchoi", "huy", "stop", "ngung", "dung"}
RESUME_WORDS = {"dk", "dangky", "bat", "start"}
_NOT_WORD = re.compile(r"[^0-9a-z ]+")
CONTENT_LIMIT = 500


class Action:
    STOP = "stop"
    RESUME = "resume"
    HELP = "help"


def sms_command(content: str) -> str:
    """What an SMS asks for: its first word (two for "tu choi", "dang ky"), after the
    short code's own keyword if the sender typed it ("CHOSO TC")."""
    words = _NOT_WORD.sub(" ", fold(content)).split()
    keyword = fold(settings.ESMS_MO_KEYWORD)
    if words and keyword and words[0] == keyword:
        words = words[1:]
    for candidate in (words[:1], words[:2]):
        word = "".join(candidate)
        if word in STOP_WORDS:
            return Action.STOP
        if word in RESUME_WORDS:
            return Action.RESUME
    return Action.HELP


def _reply(action: str) -> str:
    number, stop, resume = settings.ESMS_MO_SERVICE_NUMBER, "TC", "DK"
    with translation.override(settings.LANGUAGE_CODE):
        if action == Action.STOP:
            return _(
                "Chợ Số: order news and reminders stopped. Text %(word)s to %(number)s to resume."
            ) % {"word": resume, "number": number}
        if action == Action.RESUME:
            return _(
                "Chợ Số: order news and reminders are back. Text %(word)s to %(number)s to stop."
            ) % {"word": stop, "number": number}
        return _(
            "Chợ Số: text %(stop)s to %(number)s to stop order news, %(resume)s to resume."
        ) % {"stop": stop, "resume": resume, "number": number}


def clean_content(content: str) -> str:
    """The SMS as text: line breaks and other control characters become spaces."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", content).split())[:CONTENT_LIMIT]


def sms_received(
    *,
    provider: str,
    provider_id: str,
    sender: str,
    content: str,
    received_at: dt.datetime | None = None,
    service_number: str = "",
) -> InboundSms:
    """Keep an SMS a person sent and do what it asks, once: the provider passing the
    same SMS on again (its retries) gets the same answer and changes nothing more.

    Raises ValueError for a sender that is not a Vietnamese mobile number."""
    phone = normalize_phone(sender)
    content = clean_content(content)
    action = sms_command(content)
    try:
        with transaction.atomic():
            inbound = InboundSms.objects.create(
                provider=provider,
                provider_id=provider_id[:100],
                sender=phone,
                service_number=service_number[:20],
                content=content,
                received_at=received_at or timezone.now(),
                action=action,
                reply=_reply(action),
            )
            if action == Action.STOP:
                optout_record(address=phone, source=OptOut.Source.REPLY)
            elif action == Action.RESUME:
                optout_withdraw(address=phone, source=OptOut.Source.REPLY)
    except IntegrityError:
        return InboundSms.objects.get(provider=provider, provider_id=provider_id[:100])
    return inbound
