"""The message log: every message asked for, every attempt to deliver it. Never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.accounts.phone import normalize_phone


class Channel(models.TextChoices):
    CONSOLE = "console", _("console")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SUPPRESSED = "suppressed", _("not sent")


class Outcome(models.TextChoices):
    SENT = "sent", _("sent")
    RETRY = "retry", _("try again later")
    FALLBACK = "fallback", _("try the next channel")
    FAILED = "failed", _("failed")


class Message(models.Model):
    """One message to one person about one event; its idempotency key makes it unique."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    phone = models.CharField(_("mobile number"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    event = models.CharField(_("event"), max_length=40)
    template = models.CharField(_("template"), max_length=60)
    context = models.JSONField(_("context"), default=dict, blank=True)
    text = models.TextField(_("text"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    is_essential = models.BooleanField(_("essential"), default=False)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_due"),
            models.Index(fields=["recipient", "read_at"], name="notify_unread"),
            models.Index(fields=["phone", "sent_at"], name="notify_phone_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(phone="") | ~Q(email=""),
                name="notify_message_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.phone or self.email or self.recipient_id}"

    def get_title(self) -> str:
        """The event's title, as the in-app list heads the message."""
        from .events import EVENTS

        event = EVENTS.get(self.event)
        return str(event.title) if event else self.event


class DeliveryAttempt(models.Model):
    """One try on one channel, with the provider's answer as it came."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.PROTECT, related_name="attempts"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    started_at = models.DateTimeField(_("when"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    provider_code = models.CharField(_("provider's code"), max_length=40, blank=True)
    provider_answer = models.TextField(_("provider's answer"), blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} @ {self.started_at:%Y-%m-%d %H:%M}"


class OptOut(models.Model):
    """A phone number (E.164) or e-mail address that asked for no more non-essential messages."""

    class Source(models.TextChoices):
        LINK = "link", _("unsubscribe link")
        REPLY = "reply", _("reply")
        STAFF = "staff", _("staff")

    address = models.CharField(_("phone or e-mail"), max_length=254, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return self.address

    @staticmethod
    def key(address: str) -> str:
        """How an address is stored: e-mail lower-cased, phone as E.164 (+84...)."""
        address = address.strip().lower()
        return address if "@" in address else normalize_phone(address)
