"""GHN's status webhook: a machine endpoint, outside the language prefix."""

import hmac
import json
import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError

from .carriers import CarrierError, carrier_get
from .tracking import carrier_report_handle

logger = logging.getLogger(__name__)

# GHN's status message is a few hundred bytes; anything much larger is not from GHN.
MAX_WEBHOOK_BYTES = 16 * 1024


@csrf_exempt
@require_POST
def ghn_webhook(request, secret: str):
    """GHN signs nothing: the secret path segment says the message comes from whom we
    gave the address to, and the status is asked back from GHN's API, never read from
    the body. Answers: 200 once handled or when the order code is not ours (so GHN stops
    sending it), 400 for a body that is not GHN's, 503 when GHN's API cannot be asked
    (so GHN sends again)."""
    expected = settings.GHN_WEBHOOK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Http404
    if carrier_get("ghn") is None:
        raise Http404
    raw = request.read(MAX_WEBHOOK_BYTES + 1)
    if len(raw) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"ok": False, "error": "too large"}, status=413)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return JsonResponse({"ok": False, "error": "not json"}, status=400)
    order_code = body.get("OrderCode") if isinstance(body, dict) else None
    if not isinstance(order_code, str) or not 0 < len(order_code.strip()) <= 40:
        return JsonResponse({"ok": False, "error": "no OrderCode"}, status=400)
    try:
        recorded = carrier_report_handle(carrier_code="ghn", tracking_number=order_code.strip())
    except CarrierError as error:
        logger.warning("GHN webhook for %s not verified: %s", order_code, error)
        return JsonResponse({"ok": False, "error": "carrier unreachable"}, status=503)
    except DomainError as error:
        # The order refused the move (say, delivered after it was cancelled): sending
        # again will not change that; a person looks at the log.
        logger.warning("GHN webhook for %s refused by the order: %s", order_code, error)
        return JsonResponse({"ok": False, "error": "refused"})
    if recorded is None:
        logger.info("GHN webhook for an order code we do not have: %s", order_code)
        return JsonResponse({"ok": False, "error": "unknown order code"})
    return JsonResponse({"ok": True, "recorded": recorded})
