"""Zalo Notification Service (ZNS): template messages of the Zalo Official Account.

POST {ZALO_ZNS_BASE_URL}/message/template with the OA's `access_token` header and
{"phone": "84...", "template_id", "template_data", "tracking_id"}. Zalo answers HTTP
200 with `error`: 0 sent (data.msg_id). A recipient Zalo cannot reach, or a template it
refuses, sends the message on to the next channel (SMS); so does a channel-wide problem
(token invalid or expired, quota used up) — the farmer still gets the SMS. Only an
unknown error is tried again on Zalo; an invalid phone number fails on every channel.
Templates are registered with Zalo and diacritics are kept.
"""

from django.conf import settings

from marketplace.core.http import ProviderUnreachable, post_json

from ..events import event_get, event_params
from ..models import Channel, Outcome
from .base import (
    ANSWER_LIMIT,
    Backend,
    Result,
    http_failure,
    unreachable,
)

PATH = "/message/template"
UNKNOWN_ERROR = -100
PHONE_INVALID = -108
ERRORS = {
    -100: "Unknown error",
    -108: "Phone number invalid",
    -109: "Template ID invalid",
    -111: "Template data empty",
    -112: "Template data invalid",
    -114: "User inactive or rejected the message",
    -115: "Out of quota",
    -117: "OA or app has no permission for this template",
    -118: "Zalo account not existed",
    -119: "Account cannot receive messages",
    -124: "Access token invalid",
}


def zalo_number(e164: str) -> str:
    return e164.removeprefix("+")


def _outcome(code: int) -> str:
    if code == 0:
        return Outcome.SENT
    if code == UNKNOWN_ERROR:
        return Outcome.RETRY
    if code == PHONE_INVALID:
        return Outcome.FAILED
    return Outcome.FALLBACK


class ZaloZnsBackend(Backend):
    name = Channel.ZALO

    def enabled(self) -> bool:
        return bool(settings.ZALO_OA_ACCESS_TOKEN)

    def reaches(self, message) -> bool:
        return bool(message.phone) and message.event in settings.ZALO_ZNS_TEMPLATES

    def payload(self, message) -> dict:
        return {
            "phone": zalo_number(message.phone),
            "template_id": settings.ZALO_ZNS_TEMPLATES[message.event],
            "template_data": event_params(event_get(message.event), message.context),
            "tracking_id": f"choso-{message.pk}",
        }

    def deliver(self, message) -> Result:
        try:
            answer = post_json(
                url=settings.ZALO_ZNS_BASE_URL.rstrip("/") + PATH,
                payload=self.payload(message),
                headers={"access_token": settings.ZALO_OA_ACCESS_TOKEN},
                timeout=settings.NOTIFY_HTTP_TIMEOUT,
            )
        except ProviderUnreachable as exc:
            return unreachable(exc)
        failure = http_failure(answer)
        if failure:
            return failure
        data = answer.json()
        try:
            code = int(data.get("error", UNKNOWN_ERROR))
        except (TypeError, ValueError):
            code = UNKNOWN_ERROR
        outcome = _outcome(code)
        return Result(
            outcome=outcome,
            http_status=answer.status,
            provider_code=str(code),
            provider_answer=answer.body[:ANSWER_LIMIT],
            error="" if code == 0 else str(data.get("message") or ERRORS.get(code, ""))[:255],
        )
