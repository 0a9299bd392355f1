"""The couriers we can quote and book through: code -> adapter."""

from .base import Carrier, CarrierError, CarrierQuote, CarrierStatus, Parcel
from .ghn import GhnCarrier

CARRIERS: dict[str, Carrier] = {carrier.code: carrier for carrier in (GhnCarrier(),)}


def carrier_get(code: str) -> Carrier | None:
    """The adapter of `code` if it is configured, else None."""
    carrier = CARRIERS.get(code)
    return carrier if carrier is not None and carrier.enabled() else None


__all__ = [
    "CARRIERS",
    "Carrier",
    "CarrierError",
    "CarrierQuote",
    "CarrierStatus",
    "Parcel",
    "carrier_get",
]
