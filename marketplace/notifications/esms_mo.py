"""eSMS.vn's short-code connection ("kết nối đầu số ngắn"): the shape of what it sends.

When someone texts the short code, eSMS calls our URL with an HTTP GET:
`sender` (84912345678), `content`, `serviceNumber` (8079), `keyword` (the first word),
`cpid` (our CP id), `smsid` (unique per SMS), `receiverTime` (yyyyMMddHHmmss) and
`sign` = MD5(cpid + smsid + content + receiverTime + private key), hex. We answer
`<ClientResponse><Message>…</Message><Smsid>…</Smsid><Receiver>…</Receiver></ClientResponse>`
and eSMS sends the Message back to the sender.
"""

import datetime as dt
import hashlib
import hmac
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

REQUIRED = ("sender", "content", "cpid", "smsid", "receiverTime", "sign")
VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")


def enabled() -> bool:
    return bool(
        settings.ESMS_MO_CPID and settings.ESMS_MO_PRIVATE_KEY and settings.ESMS_MO_SERVICE_NUMBER
    )


def short_code() -> str:
    """The number people can text TC to, when replies are switched on."""
    return settings.ESMS_MO_SERVICE_NUMBER if enabled() else ""


def signature(*, cpid: str, smsid: str, content: str, receiver_time: str) -> str:
    raw = cpid + smsid + content + receiver_time + settings.ESMS_MO_PRIVATE_KEY
    return hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def signature_valid(params) -> bool:
    if params["cpid"] != settings.ESMS_MO_CPID:
        return False
    expected = signature(
        cpid=params["cpid"],
        smsid=params["smsid"],
        content=params["content"],
        receiver_time=params["receiverTime"],
    )
    return hmac.compare_digest(expected, params["sign"].strip().lower())


def received_at(value: str) -> dt.datetime:
    """eSMS's yyyyMMddHHmmss, Viet Nam time; now when it cannot be read."""
    try:
        return dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VIET_NAM)
    except ValueError:
        return timezone.now()


def client_response(*, message: str, smsid: str, receiver: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f"<ClientResponse><Message>{escape(message)}</Message>"
        f"<Smsid>{escape(smsid)}</Smsid><Receiver>{escape(receiver)}</Receiver>"
        "</ClientResponse>"
    )
