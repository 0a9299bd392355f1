"""Password reset by a one-time code sent by SMS (the "otp" notification).

Asking never tells whether a number has an account: the answer is the same, and only
a known number gets a message. Requests are limited per number and per IP address
(cache counters), a code is 6 digits, stored hashed, lives 10 minutes and dies after
5 wrong tries. Onboarding owns this flow (above accounts and notifications).
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.notifications.services import send

from .errors import OnboardingError
from .models import PasswordResetCode, new_code
from .services import one_time_code_claim

RESET_CODE_LIFETIME = timedelta(minutes=10)
RESET_MAX_ATTEMPTS = 5
RATE_WINDOW = 60 * 60  # seconds
RATE_PER_NUMBER = 3
RATE_PER_IP = 10


def _count(key: str) -> int:
    """Add one to a counter that lives an hour from its first use; its new value."""
    if cache.add(key, 1, RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW)
        return 1


def rate_limited(*, scope: str, phone: str, ip: str) -> bool:
    """Counts one more request of `scope` (its own counters) for this number and this
    address; whether either went past its hourly limit."""
    over_ip = _count(f"{scope}:ip:{ip}") > RATE_PER_IP
    over_phone = _count(f"{scope}:phone:{phone}") > RATE_PER_NUMBER
    return over_ip or over_phone


def sms_code_send(*, model, user: User, event: str, key: str) -> None:
    """A fresh code of `model` (an `SmsCode`) for `user`, sent to their number
    after the commit; their earlier unused codes of that kind stop working."""
    with transaction.atomic():
        now = timezone.now()
        model.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        code = new_code()
        ticket = model.objects.create(
            user=user,
            code_hash=make_password(code),
            created_at=now,
            expires_at=now + RESET_CODE_LIFETIME,
        )
        minutes = int(RESET_CODE_LIFETIME.total_seconds() // 60)
        send(
            event=event,
            context={"code": code, "minutes": minutes},
            idempotency_key=f"{key}:{ticket.pk}",
            to_user=user,
            phone=user.phone,
            essential=True,
        )


def password_reset_request(*, phone: str, ip: str) -> None:
    """Send a fresh code to the login with this number, if there is one.

    Says nothing about whether the number exists; raises OnboardingError only when
    this number or this address asked too often in the last hour."""
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        phone = "".join(phone.split())
    if rate_limited(scope="password-reset", phone=phone, ip=ip):
        raise OnboardingError(_("Too many requests. Please try again in an hour."))
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is not None:
        sms_code_send(model=PasswordResetCode, user=user, event="otp", key="password_reset")


def password_reset_confirm(*, phone: str, code: str, password: str) -> User:
    """Set a new password with the code sent by SMS; the code then stops working.

    A code works once, for 10 minutes, and dies after 5 wrong tries."""
    return one_time_code_claim(
        codes=PasswordResetCode.objects,
        phone=phone,
        code=code,
        password=password,
        max_attempts=RESET_MAX_ATTEMPTS,
    )
