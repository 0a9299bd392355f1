from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .webhooks import BadEvent, stripe_event_handle


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise Http404
    try:
        outcome = stripe_event_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except BadEvent:
        return HttpResponseBadRequest("bad event", content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")
