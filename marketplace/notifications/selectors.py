"""Reads of the notifications app: a person's in-app list and unread count."""

from django.db.models import QuerySet

from .models import Message, OptOut, Status

LIST_LENGTH = 50


def notification_list(*, user) -> QuerySet[Message]:
    """The latest notifications addressed to `user`, newest first (one query)."""
    return Message.objects.filter(recipient=user).exclude(status=Status.SUPPRESSED)[:LIST_LENGTH]


def notification_unread_count(*, user) -> int:
    return (
        Message.objects.filter(recipient=user, read_at__isnull=True)
        .exclude(status=Status.SUPPRESSED)
        .count()
    )


def optout_exists(*, address: str) -> bool:
    return OptOut.objects.filter(address=OptOut.key(address)).exists()
