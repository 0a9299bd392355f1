"""Zalo Notification Service (ZNS): template messages of the Zalo Official Account.

POST {ZALO_ZNS_BASE_URL}/message/template with the OA's `access_token` header and
{"phone": "84...", "template_id", "template_data", "tracking_id"}. Zalo answers HTTP
200 with `error`: 0 sent (data.msg_id). A recipient Zalo cannot reach, or a template it
refuses, sends the message on to the next channel (SMS); so does a channel-wide problem
(token invalid or expired, quota used up) — the farmer still gets the SMS. Only an
unknown error is tried again on Zalo; an invalid phone number fails on every channel.
Templates are registered with Zalo and diacritics are kept. The error codes are those of
zalo.cloud/zns/guidelines/handle-error-code.

The access token is the newest ZaloToken's (zalo_token.py). When Zalo answers -124
(token invalid) and refresh is configured, the token is refreshed once and the same
message sent once more; the attempt keeps both answers.
"""

from dataclasses import replace

from django.conf import settings

from marketplace.core.http import ProviderUnreachable, post_json

from ..events import event_get, event_params
from ..models import Channel, Outcome
from ..zalo_token import (
    zalo_access_token,
    zalo_refresh_configured,
    zalo_token_just_issued,
    zalo_token_refresh,
)
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
TOKEN_INVALID = -124
ERRORS = {
    -100: "Unknown error",
    -101: "Application invalid",
    -102: "Application not existed",
    -103: "Application not activated",
    -104: "App secret key invalid",
    -105: "Application not link to any OA",
    -106: "Method unsupported",
    -107: "Message ID invalid",
    -108: "Phone number invalid",
    -109: "Template ID invalid",
    -110: "Zalo version unsupported",
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
        return bool(zalo_access_token())

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
        first = self._send(message, token=zalo_access_token())
        if first.provider_code != str(TOKEN_INVALID) or not zalo_refresh_configured():
            return first
        if zalo_token_just_issued():
            return replace(first, error=f"{first.error}; token just issued, not refreshed"[:255])
        fresh = zalo_token_refresh(force=True)
        if fresh is None:
            return replace(first, error=f"{first.error}; token refresh failed"[:255])
        second = self._send(message, token=fresh.access_token)
        answers = f"{first.provider_answer}\n{second.provider_answer}"
        return replace(second, provider_answer=answers)

    def _send(self, message, *, token: str) -> Result:
        try:
            answer = post_json(
                url=settings.ZALO_ZNS_BASE_URL.rstrip("/") + PATH,
                payload=self.payload(message),
                headers={"access_token": token},
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
        return Result(
            outcome=_outcome(code),
            http_status=answer.status,
            provider_code=str(code),
            provider_answer=answer.body[:ANSWER_LIMIT],
            error="" if code == 0 else str(data.get("message") or ERRORS.get(code, ""))[:255],
        )
