"""The in-app list of a person's notifications, the unsubscribe link's page, and the
short code's webhook (replies by SMS)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.accounts.phone import display_phone

from . import esms_mo as mo
from .inbound import sms_received
from .selectors import notification_list, optout_get
from .services import notifications_mark_read, optout_record, optout_withdraw
from .unsubscribe import unsubscribe_address, unsubscribe_token


@login_required
@require_http_methods(["GET", "POST"])
def notification_list_view(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("notifications:list")
    items = list(notification_list(user=request.user))
    phone = request.user.phone
    context = {
        "items": items,
        "unread": sum(1 for item in items if item.read_at is None),
        "stop_token": unsubscribe_token(address=phone) if phone else "",
        "stopped": optout_get(address=phone) if phone else None,
        "short_code": mo.short_code(),
    }
    return render(request, "notifications/list.html", context)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks, POST records: link previews and mail scanners open links on their own."""
    address = unsubscribe_address(token=token)
    if address is None:
        raise Http404
    by = request.user if request.user.is_authenticated else None
    if request.method == "POST" and request.POST.get("action") == "resume":
        optout_withdraw(address=address, by=by)
        messages.success(request, _("Done: order news and reminders will come again."))
        return redirect("notifications:unsubscribe", token=token)
    if request.method == "POST":
        optout_record(address=address, by=by)
        messages.success(request, _("Done: you will only get one-time codes from us now."))
        return redirect("notifications:unsubscribe", token=token)
    context = {
        "address": address if "@" in address else display_phone(address),
        "stopped": optout_get(address=address),
        "short_code": "" if "@" in address else mo.short_code(),
    }
    return render(request, "notifications/unsubscribe.html", context)


@never_cache
@require_GET
def esms_mo(request):
    """eSMS passes on an SMS sent to the short code; the answer it sends back as an SMS.

    Off (404) until the short code is configured. A wrong signature is refused (403)
    and changes nothing; the same SMS passed on twice is acted on once."""
    if not mo.enabled():
        raise Http404
    params = request.GET
    if any(name not in params for name in mo.REQUIRED):
        return HttpResponseBadRequest("missing parameters", content_type="text/plain")
    if not mo.signature_valid(params):
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    try:
        inbound = sms_received(
            provider="esms",
            provider_id=params["smsid"],
            sender=params["sender"],
            content=params["content"],
            received_at=mo.received_at(params["receiverTime"]),
            service_number=params.get("serviceNumber", ""),
        )
    except ValidationError:
        return HttpResponseBadRequest("sender is not a mobile number", content_type="text/plain")
    body = mo.client_response(
        message=inbound.reply, smsid=params["smsid"], receiver=params["sender"]
    )
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
