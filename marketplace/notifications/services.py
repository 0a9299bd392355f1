"""Writes of the notifications app: ask for a message, deliver it, consent, read marks.

`send` is the one interface the other apps call. It records the message and queues its
delivery after the commit; delivery walks the channels of settings.NOTIFY_CHANNELS in
order, records every attempt, and leaves a message it could not deliver yet queued with
a time for the next try (a task when the backend can wait, the `notifications_retry`
command otherwise), so that nothing is lost while a provider is down. An in-app event
is recorded as delivered and goes nowhere else.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from marketplace.accounts.phone import normalize_phone

from .backends import Backend, Result, channels_enabled
from .events import event_get, event_render
from .models import Channel, ConsentChange, DeliveryAttempt, Message, OptOut, Outcome, Status
from .policy import delivery_decision

logger = logging.getLogger(__name__)

# A delivery takes the message for this long: a second run of the same task (or the
# retry command) in the meantime finds it taken and does nothing.
LEASE = dt.timedelta(minutes=5)
REDACTED = "••••••"


def send(
    *,
    event: str,
    context: dict,
    idempotency_key: str,
    to_user=None,
    phone: str | None = None,
    email: str | None = None,
    essential: bool = False,
    link: str = "",
) -> Message:
    """Record a message about `event` and deliver it once the transaction commits.

    The same idempotency key never makes a second message (one order event, one SMS),
    even when two workers ask at once. The phone and e-mail default to the user's.
    An in-app event is recorded as sent, in the user's list, and goes nowhere else:
    consent, the quiet night and the rate limit are for messages that cost and ring."""
    spec = event_get(event)
    if spec.in_app:
        fields = _in_app_fields(to_user)
    else:
        fields = _address_fields(to_user, phone, email, essential or spec.essential)
    with translation.override(settings.LANGUAGE_CODE):
        text = event_render(spec, context)
    fields.update(event=spec.key, template=spec.template, context=context, text=text, link=link)
    try:
        with transaction.atomic():
            message, created = Message.objects.get_or_create(
                idempotency_key=idempotency_key, defaults=fields
            )
    except IntegrityError:
        return Message.objects.get(idempotency_key=idempotency_key)
    if created and not spec.in_app:
        transaction.on_commit(lambda: message_enqueue(message_id=message.pk))
    return message


def _address_fields(to_user, phone: str | None, email: str | None, essential: bool) -> dict:
    if to_user is not None:
        phone, email = phone or to_user.phone, email or to_user.email
    phone = normalize_phone(phone) if phone else ""
    if to_user is None and not phone and not email:
        raise ValueError("A notification needs a user, a phone number or an e-mail address.")
    return {
        "recipient": to_user,
        "phone": phone,
        "email": (email or "").lower(),
        "is_essential": essential,
    }


def _in_app_fields(to_user) -> dict:
    """Delivered as it is written: no attempt to record, nothing to queue. No phone is
    kept, so the per-number rate limit of SMS and Zalo never counts an in-app notice."""
    if to_user is None:
        raise ValueError("An in-app notification needs a user.")
    return {
        "recipient": to_user,
        "channel": Channel.APP,
        "status": Status.SENT,
        "sent_at": timezone.now(),
    }


def message_enqueue(*, message_id: int, at: dt.datetime | None = None) -> None:
    """Queue the delivery task; a later `at` needs a backend that can wait, else the
    `notifications_retry` command (run every few minutes) finds the message when due."""
    from .tasks import message_deliver_task

    if at is None or at <= timezone.now():
        message_deliver_task.enqueue(message_id)
    elif message_deliver_task.get_backend().supports_defer:
        message_deliver_task.using(run_after=at).enqueue(message_id)


def _claim(message_id: int, now: dt.datetime) -> Message | None:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    taken = Message.objects.filter(due, pk=message_id, status=Status.QUEUED).update(
        next_attempt_at=now + LEASE
    )
    return Message.objects.get(pk=message_id) if taken else None


def message_deliver(*, message_id: int) -> str:
    """Deliver one due message; returns its status. Running twice sends once."""
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return Message.objects.filter(pk=message_id).values_list("status", flat=True).first()
    decision = delivery_decision(message, now)
    if decision.suppress:
        _finish(message, status=Status.SUPPRESSED, error=decision.suppress)
    elif decision.hold_until:
        _hold(message, until=decision.hold_until)
    else:
        with translation.override(settings.LANGUAGE_CODE):
            _walk_channels(message)
    return message.status


def _skipped_channels(message: Message) -> set[str]:
    return set(message.attempts.filter(outcome=Outcome.FALLBACK).values_list("channel", flat=True))


def _walk_channels(message: Message) -> None:
    skipped = _skipped_channels(message)
    for backend in channels_enabled():
        if backend.name in skipped or not backend.reaches(message):
            continue
        result = _attempt(message, backend)
        if result.outcome == Outcome.SENT:
            _finish(message, status=Status.SENT, channel=backend.name)
            return
        if result.outcome == Outcome.RETRY:
            _retry_later(message, channel=backend.name, error=result.error)
            return
        if result.outcome == Outcome.FAILED:
            _finish(message, status=Status.FAILED, channel=backend.name, error=result.error)
            return
    _finish(message, status=Status.FAILED, error="no channel reaches this recipient")


def _attempt(message: Message, backend: Backend) -> Result:
    started, clock = timezone.now(), time.monotonic()
    try:
        result = backend.deliver(message)
    except Exception as exc:  # a bug in one channel must not lose the message
        logger.exception("Notification %s: %s channel raised", message.pk, backend.name)
        result = Result(outcome=Outcome.RETRY, error=repr(exc)[:255])
    DeliveryAttempt.objects.create(
        message=message,
        channel=backend.name,
        started_at=started,
        outcome=result.outcome,
        http_status=result.http_status,
        provider_code=result.provider_code,
        provider_answer=result.provider_answer,
        error=result.error,
        duration_ms=int((time.monotonic() - clock) * 1000),
    )
    return result


def _hold(message: Message, *, until: dt.datetime) -> None:
    message.next_attempt_at = until
    message.save(update_fields=["next_attempt_at"])
    message_enqueue(message_id=message.pk, at=until)


def _retry_later(message: Message, *, channel: str, error: str) -> None:
    delays = settings.NOTIFY_RETRY_DELAYS
    message.attempt_count += 1
    message.channel, message.last_error = channel, error
    if message.attempt_count > len(delays):
        message.save(update_fields=["attempt_count"])
        _finish(message, status=Status.FAILED, channel=channel, error=error)
        return
    until = timezone.now() + dt.timedelta(seconds=delays[message.attempt_count - 1])
    message.next_attempt_at = until
    message.save(update_fields=["attempt_count", "channel", "last_error", "next_attempt_at"])
    message_enqueue(message_id=message.pk, at=until)


def _finish(message: Message, *, status: str, channel: str = "", error: str = "") -> None:
    message.status, message.next_attempt_at = status, None
    message.channel = channel or message.channel
    message.last_error = error[:255]
    fields = ["status", "next_attempt_at", "channel", "last_error"]
    if status == Status.SENT:
        message.sent_at = timezone.now()
        fields.append("sent_at")
    if status != Status.QUEUED:
        fields += _redact(message)
    message.save(update_fields=fields)


def _redact(message: Message) -> list[str]:
    """One-time codes are kept only until delivered (or given up on): the log is read by
    staff, who must not be able to log in as the household."""
    secret = event_get(message.event).secret
    if not secret:
        return []
    for key in secret:
        value = str(message.context.get(key, ""))
        if value:
            message.text = message.text.replace(value, REDACTED)
            message.context[key] = REDACTED
    return ["text", "context"]


def messages_retry(*, include_failed: bool = False) -> int:
    """Deliver every queued message that is due (held for the morning, backed off, or
    never run because the worker was down); with `include_failed`, also give failed
    ones a fresh set of tries. Returns how many were tried."""
    now = timezone.now()
    if include_failed:
        Message.objects.filter(status=Status.FAILED).exclude(_redacted()).update(
            status=Status.QUEUED, attempt_count=0, next_attempt_at=None
        )
    due = Message.objects.filter(status=Status.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for message_id in ids:
        message_deliver(message_id=message_id)
    return len(ids)


def _redacted() -> Q:
    return Q(text__contains=REDACTED)


@transaction.atomic
def optout_record(*, address: str, source: str = OptOut.Source.LINK, by=None) -> OptOut:
    """Stop non-essential messages to this phone number or e-mail address; the change is
    kept in ConsentChange (a second stop while stopped records nothing)."""
    key = OptOut.key(address)
    optout, created = OptOut.objects.get_or_create(address=key, defaults={"source": source})
    if created:
        ConsentChange.objects.create(
            address=key, action=ConsentChange.Action.STOP, source=source, by=by
        )
    return optout


@transaction.atomic
def optout_withdraw(*, address: str, source: str = OptOut.Source.LINK, by=None) -> bool:
    """Send non-essential messages again to an address that had stopped them; returns
    whether it had. Messages held back meanwhile stay unsent: they were about then."""
    key = OptOut.key(address)
    deleted, _rows = OptOut.objects.filter(address=key).delete()
    if deleted:
        ConsentChange.objects.create(
            address=key, action=ConsentChange.Action.RESUME, source=source, by=by
        )
    return bool(deleted)


def notifications_mark_read(*, user) -> int:
    """Mark every unread in-app notification of `user` read; returns how many."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
