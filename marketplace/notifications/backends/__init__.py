"""Channels, in the order of preference settings.NOTIFY_CHANNELS gives them."""

from django.conf import settings

from .base import Backend, Result
from .console import ConsoleBackend
from .esms import EsmsBackend
from .mail import EmailBackend
from .zalo import ZaloZnsBackend

BACKENDS: dict[str, type[Backend]] = {
    "console": ConsoleBackend,
    "email": EmailBackend,
    "sms": EsmsBackend,
    "zalo": ZaloZnsBackend,
}

__all__ = ["BACKENDS", "Backend", "Result", "channels_enabled"]


def channels_enabled() -> list[Backend]:
    """The configured channels, preferred first; one whose keys are unset is off."""
    backends = [BACKENDS[name]() for name in settings.NOTIFY_CHANNELS if name in BACKENDS]
    return [backend for backend in backends if backend.enabled()]
