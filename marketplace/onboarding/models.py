"""One-time codes with which a household takes over the login an officer opened for it."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


class TakeoverCode(models.Model):
    """A one-time code an officer gives a household so it can set its own password.

    Only the hash is kept; the code is shown to the officer once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        db_table = "training_takeovercode"  # the table kept its name when the model moved here

    def __str__(self):
        return str(self.user)


class SmsCode(models.Model):
    """A one-time code sent by SMS to a login's number. Only the hash is kept; the SMS
    log blanks the code once delivered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.user)


class PasswordResetCode(SmsCode):
    """A code for a login that forgot its password.

    Kept apart from the officers' takeover codes: asking for one must not cancel the
    7-day code an officer gave.
    """

    class Meta(SmsCode.Meta):
        verbose_name = _("password reset code")
        verbose_name_plural = _("password reset codes")


class PhoneCheckCode(SmsCode):
    """A code that proves a new account's number is its owner's (sign-up).

    Kept apart from reset codes: asking for one must not cancel the other.
    """

    class Meta(SmsCode.Meta):
        verbose_name = _("phone check code")
        verbose_name_plural = _("phone check codes")
