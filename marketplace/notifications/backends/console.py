"""The embedded default: the message is logged, and its text stays in the database."""

import logging

from ..models import Channel, Outcome
from .base import Backend, Result

logger = logging.getLogger("marketplace.notifications")


class ConsoleBackend(Backend):
    name = Channel.CONSOLE

    def reaches(self, message) -> bool:
        return True

    def deliver(self, message) -> Result:
        address = message.phone or message.email or f"user {message.recipient_id}"
        logger.warning("Notification to %s (%s): %s", address, message.event, message.text)
        return Result(outcome=Outcome.SENT, provider_answer="console")
