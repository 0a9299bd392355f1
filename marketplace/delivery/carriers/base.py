"""The interface every courier adapter follows: quote, book, status.

An adapter is `enabled()` only when its settings are set; every call may raise
CarrierError (the carrier refused, answered nonsense, or did not answer in time), and
the callers fall back: a quote to the seller's own fee or no offer, a booking to the
seller typing the tracking number, a status pull to the next run.
"""

import datetime as dt
from dataclasses import dataclass

# Where a parcel is, in our words; each adapter maps its carrier's statuses onto these.
PICKED = "picked"  # the courier has the goods: the order is shipped
DELIVERED = "delivered"
RETURNED = "returned"  # failed delivery coming back to the seller
CANCELLED = "cancelled"
WAITING = ""  # booked, not yet picked up, or a status we do not act on


class CarrierError(Exception):
    """The carrier could not do it; `str(error)` is for the log, not for buyers."""


@dataclass(frozen=True)
class CarrierQuote:
    fee: int  # whole dong
    expected_date: dt.date | None = None


@dataclass(frozen=True)
class Parcel:
    """What a carrier needs to price or book one seller order."""

    from_commune_code: str
    to_commune_code: str
    weight_grams: int
    goods_value: int  # dong, for insurance
    cod_amount: int = 0  # dong the courier collects from the buyer
    reference: str = ""  # our seller order number
    to_name: str = ""
    to_phone: str = ""
    to_address: str = ""
    from_name: str = ""
    from_phone: str = ""
    from_address: str = ""
    content: str = ""
    # (name, quantity) of each line, for the courier's manifest; empty: `content` as one.
    items: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Booking:
    tracking_number: str
    fee: int = 0
    expected_date: dt.date | None = None


@dataclass(frozen=True)
class CarrierStatus:
    carrier_status: str  # the carrier's own word for it, kept in the history
    state: str  # one of PICKED, DELIVERED, RETURNED, CANCELLED, WAITING
    at: dt.datetime | None = None


class Carrier:
    code = ""
    name = ""
    # The carrier's own statuses after which a parcel does not move again: not pulled.
    final_statuses: frozenset[str] = frozenset()

    def enabled(self) -> bool:
        return False

    def quote(self, *, parcel: Parcel) -> CarrierQuote:
        raise CarrierError("not supported")

    def book(self, *, parcel: Parcel) -> Booking:
        raise CarrierError("not supported")

    def status(self, *, tracking_number: str) -> CarrierStatus:
        raise CarrierError("not supported")

    def tracking_url(self, tracking_number: str) -> str:
        return ""
