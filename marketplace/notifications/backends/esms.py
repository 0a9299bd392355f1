"""Brand-name SMS through eSMS.vn (SendMultipleMessage_V4_post_json).

Request: ApiKey, SecretKey, Phone, Content, Brandname, SmsType ("2": customer care),
IsUnicode ("1" for UCS-2), Sandbox, RequestId. The answer is HTTP 200 with a
`CodeResult`: "100" accepted; "124" this RequestId was already accepted (a retry of a
message that went through: counted as sent, never sent twice); "103" balance too low
(worth a later try once topped up); others are permanent until someone fixes them: 99
number blocked, 101 wrong keys, 104 unknown brand name, 108 number malformed, 140 server
IP not on eSMS's allow list, 146 template not registered, 177 carrier not registered
(eSMS's table of error codes, developers.esms.vn).
"""

from django.conf import settings

from marketplace.core.http import ProviderUnreachable, post_json

from ..models import Channel, Outcome
from ..segments import sms_segments, unaccented
from .base import (
    ANSWER_LIMIT,
    Backend,
    Result,
    http_failure,
    unreachable,
)

PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED = {"100", "124"}
LATER = {"103"}


def sms_text(text: str) -> str:
    """What an SMS carries: the unaccented form when the setting asks for it."""
    return unaccented(text) if settings.NOTIFY_SMS_UNACCENTED else text


def local_number(e164: str) -> str:
    return "0" + e164[3:] if e164.startswith("+84") else e164


class EsmsBackend(Backend):
    name = Channel.SMS

    def enabled(self) -> bool:
        return bool(settings.ESMS_API_KEY and settings.ESMS_SECRET_KEY)

    def reaches(self, message) -> bool:
        return bool(message.phone)

    def payload(self, message) -> dict:
        content = sms_text(message.text)
        return {
            "ApiKey": settings.ESMS_API_KEY,
            "SecretKey": settings.ESMS_SECRET_KEY,
            "Phone": local_number(message.phone),
            "Content": content,
            "Brandname": settings.ESMS_BRANDNAME,
            "SmsType": settings.ESMS_SMS_TYPE,
            "IsUnicode": "1" if sms_segments(content).encoding == "UCS-2" else "0",
            "Sandbox": "1" if settings.ESMS_SANDBOX else "0",
            "RequestId": f"choso-{message.pk}",
        }

    def deliver(self, message) -> Result:
        try:
            answer = post_json(
                url=settings.ESMS_BASE_URL.rstrip("/") + PATH,
                payload=self.payload(message),
                headers={},
                timeout=settings.NOTIFY_HTTP_TIMEOUT,
            )
        except ProviderUnreachable as exc:
            return unreachable(exc)
        failure = http_failure(answer)
        if failure:
            return failure
        data = answer.json()
        code = str(data.get("CodeResult", ""))
        if code in ACCEPTED:
            outcome = Outcome.SENT
        elif code in LATER:
            outcome = Outcome.RETRY
        else:
            outcome = Outcome.FAILED
        return Result(
            outcome=outcome,
            http_status=answer.status,
            provider_code=code,
            provider_answer=answer.body[:ANSWER_LIMIT],
            error="" if outcome == Outcome.SENT else str(data.get("ErrorMessage", ""))[:255],
        )
