"""Reads of the notifications app: a person's in-app list and unread count."""

from django.db.models import QuerySet

from .models import Message, OptOut, Status

LIST_LENGTH = 50


def notification_list(*, user) -> QuerySet[Message]:
    """The latest notifications addressed to `user`, newest first (one query).

    A message held back because the person stopped SMS and Zalo still shows here: they
    stopped the texts, not the news (a new order must not go unseen). A one-time code
    that was never sent (a flood of them) is not news."""
    return _listed(user)[:LIST_LENGTH]


def notification_unread_count(*, user) -> int:
    return _listed(user).filter(read_at__isnull=True).count()


def _listed(user) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).exclude(
        status=Status.SUPPRESSED, is_essential=True
    )


def optout_exists(*, address: str) -> bool:
    return OptOut.objects.filter(address=OptOut.key(address)).exists()


def optout_get(*, address: str) -> OptOut | None:
    """The address's opt-out while it has one; its `created_at` is when it stopped."""
    return OptOut.objects.filter(address=OptOut.key(address)).first()
