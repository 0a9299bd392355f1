from django.utils.functional import SimpleLazyObject

from .selectors import notification_unread_count


def unread(request) -> dict:
    """`unread_notifications` for the header badge; counted only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: notification_unread_count(user=user))}
