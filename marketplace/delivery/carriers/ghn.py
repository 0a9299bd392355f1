"""Giao Hàng Nhanh (GHN) through its public API v2. Off until GHN_TOKEN and GHN_SHOP_ID are set.

GHN answers `{"code": 200, "message": "Success", "data": {...}}`; anything else (another
HTTP status, another code, no JSON, a field missing, no answer in time) is a CarrierError,
and so is a commune that is not in the code table (`ghn_codes`): callers fall back.
"""

import datetime as dt
import logging
import time
from zoneinfo import ZoneInfo

from django.conf import settings

from marketplace.core.http import ProviderUnreachable, post_json
from marketplace.core.text import fold

from .base import (
    CANCELLED,
    DELIVERED,
    PICKED,
    RETURNED,
    WAITING,
    Booking,
    Carrier,
    CarrierError,
    CarrierQuote,
    CarrierStatus,
    Parcel,
)
from .ghn_codes import ghn_ward

logger = logging.getLogger(__name__)

VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")
STANDARD_SERVICE = 2  # GHN's "hàng nhẹ" (light goods) service, priced by weight
SHOP_PAYS = 1  # payment_type_id: the buyer already paid the fee to the seller at checkout
# The courier lets the buyer look at the goods but not try them: fresh produce is seen,
# not unpacked and handled, before paying.
REQUIRED_NOTE = "CHOXEMHANGKHONGTHU"
# GHN's most declared value per parcel; more is refused, so the rest is not insured.
INSURANCE_MAX = 5_000_000
# GHN needs a parcel's size to book it and we keep none: a 10 cm cube weighs 200 g by
# volume, less than any parcel of produce, so the price stays the one of its weight.
SIZE_CM = 10
# Below this much of the quote timeout left, the delivery date is not asked for: the fee
# alone makes the quote, and the page does not wait twice.
LEADTIME_MIN_SECONDS = 0.1

STATES = {
    "ready_to_pick": WAITING,
    "picking": WAITING,
    "money_collect_picking": WAITING,
    "picked": PICKED,
    "storing": PICKED,
    "transporting": PICKED,
    "sorting": PICKED,
    "delivering": PICKED,
    "money_collect_delivering": PICKED,
    "delivery_fail": PICKED,
    "delivered": DELIVERED,
    "waiting_to_return": RETURNED,
    "return": RETURNED,
    "return_transporting": RETURNED,
    "return_sorting": RETURNED,
    "returning": RETURNED,
    "return_fail": RETURNED,
    "returned": RETURNED,
    "cancel": CANCELLED,
}


class GhnCarrier(Carrier):
    code = "ghn"
    name = "Giao Hàng Nhanh"
    # After these GHN does not move the parcel again (lost and damage are settled with
    # GHN by a person), so the periodic pull stops asking.
    final_statuses = frozenset({"delivered", "returned", "cancel", "lost", "damage"})

    def enabled(self) -> bool:
        return bool(settings.GHN_TOKEN and settings.GHN_SHOP_ID)

    def tracking_url(self, tracking_number: str) -> str:
        return f"https://donhang.ghn.vn/?order_code={tracking_number}"

    def quote(self, *, parcel: Parcel) -> CarrierQuote:
        deadline = time.monotonic() + settings.DELIVERY_QUOTE_TIMEOUT
        route = _route(parcel)
        data = _call(
            "/v2/shipping-order/fee",
            {
                **route,
                "service_type_id": STANDARD_SERVICE,
                "weight": parcel.weight_grams,
                "insurance_value": min(parcel.goods_value, INSURANCE_MAX),
            },
            timeout=settings.DELIVERY_QUOTE_TIMEOUT,
        )
        fee = _int(data, "total", "/v2/shipping-order/fee")
        return CarrierQuote(fee=fee, expected_date=_leadtime(route, deadline))

    def book(self, *, parcel: Parcel) -> Booking:
        payload = _order(parcel, _route(parcel))
        try:
            data = _call(
                "/v2/shipping-order/create", payload, timeout=settings.DELIVERY_HTTP_TIMEOUT
            )
        except _Refused as refusal:
            if refusal.duplicate:
                raise CarrierError(
                    f"GHN already has an order with client_order_code {parcel.reference!r}: "
                    "it was booked before (look it up in GHN's shop before booking again); "
                    f"{refusal}"
                ) from refusal
            raise
        order_code = data.get("order_code")
        if not isinstance(order_code, str) or not order_code:
            raise CarrierError(f"GHN /v2/shipping-order/create: no order_code in {data!r}"[:300])
        return Booking(
            tracking_number=order_code,
            fee=_int(data, "total_fee", "/v2/shipping-order/create"),
            expected_date=_date_of(data.get("expected_delivery_time")),
        )

    def status(self, *, tracking_number: str) -> CarrierStatus:
        data = _call(
            "/v2/shipping-order/detail",
            {"order_code": tracking_number},
            timeout=settings.DELIVERY_HTTP_TIMEOUT,
        )
        status = data.get("status")
        if not isinstance(status, str) or not status:
            raise CarrierError(f"GHN /v2/shipping-order/detail: no status for {tracking_number}")
        return CarrierStatus(
            carrier_status=status,
            state=STATES.get(status, WAITING),
            at=_datetime_of(data.get("updated_date")),
        )


class _Refused(CarrierError):
    """GHN answered with an error; `duplicate` when the client_order_code was taken."""

    def __init__(self, text: str, *, duplicate: bool = False):
        super().__init__(text)
        self.duplicate = duplicate


def _call(path: str, payload: dict, *, timeout: float) -> dict:
    """POST to GHN; its `data` object, or CarrierError whatever else happened."""
    try:
        answer = post_json(
            url=settings.GHN_BASE_URL.rstrip("/") + path,
            payload=payload,
            headers={"Token": settings.GHN_TOKEN, "ShopId": str(settings.GHN_SHOP_ID)},
            timeout=timeout,
        )
    except ProviderUnreachable as error:
        raise CarrierError(f"GHN {path}: no answer ({error})") from error
    body = answer.json()
    if answer.status != 200 or body.get("code") != 200:
        said = " ".join(str(body.get(k, "")) for k in ("code_message", "message")).strip()
        text = f"GHN {path}: HTTP {answer.status}, code {body.get('code')}: "
        text += said or answer.body[:200]
        # GHN's exact words for a client_order_code already used are not documented: a
        # refusal that says "duplicate" or "exists" (tồn tại) in either field counts.
        folded = fold(said)
        duplicate = any(word in folded for word in ("duplicate", "exist", "ton tai"))
        raise _Refused(text, duplicate=duplicate)
    data = body.get("data")
    if not isinstance(data, dict):
        raise CarrierError(f"GHN {path}: no data object in {answer.body[:200]}")
    return data


def _order(parcel: Parcel, route: dict) -> dict:
    """The body of /v2/shipping-order/create for this parcel."""
    items = [
        {"name": name[:200], "quantity": quantity}
        for name, quantity in parcel.items or ((parcel.content or parcel.reference, 1),)
    ]
    return {
        "payment_type_id": SHOP_PAYS,
        "required_note": REQUIRED_NOTE,
        "service_type_id": STANDARD_SERVICE,
        "client_order_code": parcel.reference,
        "from_name": parcel.from_name,
        "from_phone": parcel.from_phone,
        "from_address": parcel.from_address,
        "from_district_id": route["from_district_id"],
        "from_ward_code": route["from_ward_code"],
        # A parcel that cannot be delivered goes back to the seller, not to the address
        # of the platform's GHN shop.
        "return_phone": parcel.from_phone,
        "return_address": parcel.from_address,
        "return_district_id": route["from_district_id"],
        "return_ward_code": route["from_ward_code"],
        "to_name": parcel.to_name,
        "to_phone": parcel.to_phone,
        "to_address": parcel.to_address,
        "to_district_id": route["to_district_id"],
        "to_ward_code": route["to_ward_code"],
        "weight": parcel.weight_grams,
        "length": SIZE_CM,
        "width": SIZE_CM,
        "height": SIZE_CM,
        "insurance_value": min(parcel.goods_value, INSURANCE_MAX),
        "cod_amount": parcel.cod_amount,
        "content": parcel.content[:2000],
        "items": items,
    }


def _route(parcel: Parcel) -> dict:
    start = ghn_ward(parcel.from_commune_code)
    end = ghn_ward(parcel.to_commune_code)
    for code, ward in ((parcel.from_commune_code, start), (parcel.to_commune_code, end)):
        if ward is None:
            raise CarrierError(f"GHN: commune {code} is not in the GHN code table")
    return {
        "from_district_id": start.district_id,
        "from_ward_code": start.ward_code,
        "to_district_id": end.district_id,
        "to_ward_code": end.ward_code,
    }


def _leadtime(route: dict, deadline: float) -> dt.date | None:
    """GHN's expected delivery date, or None: a quote does not need it."""
    left = deadline - time.monotonic()
    if left < LEADTIME_MIN_SECONDS:
        return None
    try:
        data = _call(
            "/v2/shipping-order/leadtime",
            {**route, "service_type_id": STANDARD_SERVICE},
            timeout=left,
        )
        return dt.datetime.fromtimestamp(_int(data, "leadtime", "leadtime"), tz=VIET_NAM).date()
    except (CarrierError, OverflowError, OSError, ValueError) as error:
        logger.info("GHN leadtime unknown: %s", error)
        return None


def _int(data: dict, name: str, path: str) -> int:
    value = data.get(name)
    # bool is an int to Python, never an amount to GHN
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CarrierError(f"GHN {path}: {name} is {value!r}")
    return int(value)


def _datetime_of(value) -> dt.datetime | None:
    """GHN's ISO 8601 times ("2026-06-15T02:00:00.000Z"); None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _date_of(value) -> dt.date | None:
    moment = _datetime_of(value)
    return moment.astimezone(VIET_NAM).date() if moment else None
