"""E-mail through Django's mail settings, with the unsubscribe link on non-essential mail."""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from ..events import event_get
from ..models import Channel, Outcome
from ..unsubscribe import unsubscribe_url
from .base import Backend, Result


class EmailBackend(Backend):
    name = Channel.EMAIL

    def reaches(self, message) -> bool:
        return bool(message.email)

    def deliver(self, message) -> Result:
        body = message.text
        if not message.is_essential:
            body += "\n\n" + _("Stop these messages: %(url)s") % {
                "url": unsubscribe_url(address=message.email)
            }
        subject = f"{settings.WAGTAIL_SITE_NAME}: {event_get(message.event).title}"
        try:
            send_mail(subject, body, None, [message.email])
        except (smtplib.SMTPException, OSError) as exc:
            return Result(outcome=Outcome.RETRY, error=str(exc)[:255])
        return Result(outcome=Outcome.SENT)
