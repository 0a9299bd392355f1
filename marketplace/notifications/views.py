"""The in-app list of a person's notifications, and the unsubscribe link's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.accounts.phone import display_phone

from .selectors import notification_list, optout_exists
from .services import notifications_mark_read, optout_record
from .unsubscribe import unsubscribe_address, unsubscribe_token


@login_required
@require_http_methods(["GET", "POST"])
def notification_list_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("notifications:list")
    items = list(notification_list(user=request.user))
    context = {
        "items": items,
        "unread": sum(1 for item in items if item.read_at is None),
        "stop_token": unsubscribe_token(address=request.user.phone),
    }
    return render(request, "notifications/list.html", context)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks, POST records: link previews and mail scanners open links on their own."""
    address = unsubscribe_address(token=token)
    if address is None:
        raise Http404
    if request.method == "POST":
        optout_record(address=address)
        messages.success(request, _("Done: you will only get one-time codes from us now."))
        return redirect("notifications:unsubscribe", token=token)
    context = {
        "address": address if "@" in address else display_phone(address),
        "stopped": optout_exists(address=address),
    }
    return render(request, "notifications/unsubscribe.html", context)
