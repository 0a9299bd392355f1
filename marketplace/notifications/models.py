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
    APP = "app", _("in the app")


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
    link = models.CharField(_("link"), max_length=200, blank=True)

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


class ConsentChange(models.Model):
    """Every stop and every resume of non-essential messages, with who asked and how.

    OptOut is the current state (one row while an address is stopped); this is its
    history, never edited or deleted."""

    class Action(models.TextChoices):
        STOP = "stop", _("stopped")
        RESUME = "resume", _("resumed")

    address = models.CharField(_("phone or e-mail"), max_length=254, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("source"), max_length=10, choices=OptOut.Source.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.address} {self.action}"


class InboundSms(models.Model):
    """An SMS a person sent us (a reply to the short code), as the provider passed it on.

    The provider's id is unique: the same SMS delivered twice by the provider is acted
    on once. Never deleted."""

    provider = models.CharField(_("provider"), max_length=20)
    provider_id = models.CharField(_("provider's id"), max_length=100)
    sender = models.CharField(_("mobile number"), max_length=12)
    service_number = models.CharField(_("short code"), max_length=20, blank=True)
    content = models.CharField(_("content"), max_length=500)
    received_at = models.DateTimeField(_("received"))
    action = models.CharField(_("action"), max_length=20, blank=True)
    reply = models.CharField(_("reply"), max_length=200, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS received")
        verbose_name_plural = _("SMS received")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="notify_inbound_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.content[:30]}"


class ZaloToken(models.Model):
    """The Official Account's access token, as issued: the newest row is the one in use.

    Zalo issues an access token for about 25 hours with a refresh token that works
    once (for about three months); each refresh adds a row, so the log says when each
    token was issued and none is edited."""

    class Source(models.TextChoices):
        SETTINGS = "settings", _("from the settings")
        REFRESH = "refresh", _("refreshed")

    access_token = models.TextField(_("access token"))
    refresh_token = models.TextField(_("refresh token"))
    expires_at = models.DateTimeField(_("expires"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zalo access token")
        verbose_name_plural = _("Zalo access tokens")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Zalo token until {self.expires_at:%Y-%m-%d %H:%M}"
