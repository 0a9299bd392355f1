"""Where booked parcels are, in the carrier's own word, recorded once per status.

Two ways in, one record: a carrier's message (webhook) only says "ask me about this
parcel", and the periodic pull asks about every parcel still travelling. Both ask the
carrier's API and record its answer through `services.shipment_status_record` under the
same key, so a status heard both ways counts once.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from marketplace.core.errors import DomainError

from .carriers import CARRIERS, Carrier, CarrierError, carrier_get
from .models import Shipment, ShipmentEvent
from .services import shipment_status_record

logger = logging.getLogger(__name__)

# Older parcels are settled one way or another (or a person follows them up): not asked.
TRACK_DAYS = 30


@dataclass
class TrackResult:
    asked: int = 0
    recorded: int = 0
    failed: int = 0


def status_key(*, carrier: str, tracking_number: str, carrier_status: str) -> str:
    """One carrier status of one parcel: the idempotency key of its event."""
    return f"{carrier}:{tracking_number}:{carrier_status}"


def shipment_status_pull(*, shipment: Shipment, carrier: Carrier, source: str) -> bool:
    """Ask `carrier` where the parcel is and record it; False if that was already known.

    Raises CarrierError when the carrier cannot say.
    """
    status = carrier.status(tracking_number=shipment.tracking_number)
    key = status_key(
        carrier=carrier.code,
        tracking_number=shipment.tracking_number,
        carrier_status=status.carrier_status,
    )
    return shipment_status_record(shipment=shipment, status=status, source=source, key=key)


def shipments_track(*, now: dt.datetime | None = None) -> TrackResult:
    """Ask each enabled carrier about its parcels booked in the last TRACK_DAYS days that
    have a tracking number and no final status yet. One parcel failing (the carrier, or
    the order refusing the move) is logged and does not stop the others."""
    since = (now or timezone.now()) - dt.timedelta(days=TRACK_DAYS)
    result = TrackResult()
    for code, carrier in CARRIERS.items():
        if not carrier.enabled():
            continue
        shipments = (
            Shipment.objects.filter(carrier=code, created_at__gte=since)
            .exclude(tracking_number="")
            .exclude(carrier_status__in=carrier.final_statuses)
            .order_by("pk")
        )
        for shipment in shipments.iterator():
            result.asked += 1
            try:
                pulled = shipment_status_pull(
                    shipment=shipment, carrier=carrier, source=ShipmentEvent.Source.PULL
                )
            except (CarrierError, DomainError) as error:
                logger.warning("shipment %s not tracked: %s", shipment.pk, error)
                result.failed += 1
                continue
            result.recorded += pulled
    return result


def carrier_report_handle(*, carrier_code: str, tracking_number: str) -> bool | None:
    """A carrier says a parcel moved. The message is not signed, so its content is not
    believed: the carrier's API is asked and its answer recorded. None when no shipment
    of ours has this number; False when the status was already known.

    Raises CarrierError when the carrier cannot be asked (it should send again later).
    """
    carrier = carrier_get(carrier_code)
    if carrier is None:
        raise CarrierError(f"{carrier_code} is not enabled")
    shipment = (
        Shipment.objects.filter(carrier=carrier_code, tracking_number=tracking_number)
        .order_by("pk")
        .first()
    )
    if shipment is None:
        return None
    return shipment_status_pull(
        shipment=shipment, carrier=carrier, source=ShipmentEvent.Source.WEBHOOK
    )
