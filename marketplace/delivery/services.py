"""Writes of delivery: a seller's options, a seller order's shipment and its history,
a buyer's saved addresses."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.sellers.services import assisted_act_record

from . import carriers
from .carriers.base import CarrierStatus, Parcel
from .errors import DeliveryError
from .models import DeliveryOption, Kind, SavedAddress, Shipment, ShipmentEvent
from .quotes import Quote
from .signals import shipment_state_changed

logger = logging.getLogger(__name__)

MAX_ADDRESSES = 5


# --- a seller's options ---------------------------------------------------------------


def option_save(
    *, option: DeliveryOption, communes=None, provinces=None, actor: User | None = None
) -> DeliveryOption:
    """Create or change an option. Placed orders keep what they were sold with (their
    shipment's fee and label), so a change applies from the next checkout on. An
    officer's change is logged as done on the seller's behalf."""
    if option.kind == Kind.OWN and option.fee is None and not option.weight_tiers:
        raise DeliveryError(_("Give a fee for your delivery (0 for free)."))
    if option.kind == Kind.PICKUP and not option.address.strip():
        raise DeliveryError(_("Give the pickup address."))
    option.weight_tiers = sorted(option.weight_tiers, key=lambda t: int(t["up_to_grams"]))
    option.full_clean(exclude=["seller"])
    with transaction.atomic():
        option.save()
        if communes is not None:
            option.communes.set(communes)
        if provinces is not None:
            option.provinces.set(provinces)
        if actor is not None:
            assisted_act_record(
                actor=actor, seller=option.seller, action="delivery_option_save", target=str(option)
            )
    return option


def option_switch(
    *, option: DeliveryOption, active: bool, actor: User | None = None
) -> DeliveryOption:
    """Offer an option again, or stop offering it (an option is never deleted)."""
    with transaction.atomic():
        DeliveryOption.objects.filter(pk=option.pk).update(is_active=active)
        if actor is not None:
            assisted_act_record(
                actor=actor,
                seller=option.seller,
                action="delivery_option_on" if active else "delivery_option_off",
                target=str(option),
            )
    option.is_active = active
    return option


# --- a seller order's shipment --------------------------------------------------------


def shipment_open(*, seller_order, quote: Quote) -> Shipment:
    """The shipment of a seller order being placed: the quote the buyer accepted, frozen."""
    return Shipment.objects.create(
        seller_order=seller_order,
        option_id=quote.option_id,
        kind=quote.kind,
        label=quote.label[:250],
        fee=quote.fee,
        weight_grams=quote.weight_grams,
        expected_date=quote.expected_date,
        carrier=quote.carrier,
    )


def shipment_tracking_record(
    *, shipment: Shipment, carrier: str, tracking_number: str, actor: User | None
) -> Shipment:
    """The seller handed the parcel to a courier and typed who and the number."""
    carrier, tracking_number = carrier.strip()[:40], tracking_number.strip()[:40]
    adapter = carriers.CARRIERS.get(carrier)
    Shipment.objects.filter(pk=shipment.pk).update(
        carrier=carrier,
        tracking_number=tracking_number,
        tracking_url=adapter.tracking_url(tracking_number) if adapter and tracking_number else "",
    )
    ShipmentEvent.objects.create(
        shipment=shipment,
        source=ShipmentEvent.Source.SELLER,
        key=f"seller:{shipment.pk}:{timezone.now().timestamp()}",
        note=" ".join(filter(None, [carrier, tracking_number]))[:250],
        actor=actor,
    )
    shipment.refresh_from_db()
    return shipment


def shipment_book(*, shipment: Shipment, parcel: Parcel, actor: User | None) -> Shipment:
    """Book the parcel with the shipment's carrier; the tracking number comes back.

    The carrier is called outside any transaction (it may take seconds); a refusal
    changes nothing and says so.
    """
    adapter = carriers.carrier_get(shipment.carrier)
    if adapter is None:
        raise DeliveryError(_("Booking with this courier is not available: type the number."))
    if shipment.tracking_number:
        raise DeliveryError(_("This parcel is already booked."))
    try:
        booking = adapter.book(parcel=parcel)
    except carriers.CarrierError as error:
        logger.warning("carrier %s refused a booking: %s", adapter.code, error)
        raise DeliveryError(
            _("The courier did not take the booking now. Try again, or type the number.")
        ) from error
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(
            tracking_number=booking.tracking_number[:40],
            tracking_url=adapter.tracking_url(booking.tracking_number),
            expected_date=booking.expected_date or shipment.expected_date,
            booked_at=timezone.now(),
        )
        ShipmentEvent.objects.create(
            shipment=shipment,
            source=ShipmentEvent.Source.SELLER,
            key=f"book:{adapter.code}:{booking.tracking_number}",
            note=_("Booked with %(carrier)s") % {"carrier": adapter.name},
            actor=actor,
        )
    shipment.refresh_from_db()
    return shipment


def shipment_status_record(
    *, shipment: Shipment, status: CarrierStatus, source: str, key: str
) -> bool:
    """A carrier's report of where the parcel is, counted once per `key`.

    The order hears of it (`shipment_state_changed`) in the same transaction, so a
    delivered parcel and a delivered order are one fact. False if it was already known.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                ShipmentEvent.objects.create(
                    shipment=shipment,
                    source=source,
                    key=key[:120],
                    carrier_status=status.carrier_status[:40],
                    created_at=status.at or timezone.now(),
                )
        except IntegrityError:
            return False
        Shipment.objects.filter(pk=shipment.pk).update(carrier_status=status.carrier_status[:40])
        if status.state:
            shipment_state_changed.send(
                sender=Shipment, shipment=shipment, state=status.state, actor=None
            )
    return True


# --- a buyer's addresses --------------------------------------------------------------


def address_remember(*, user: User, name: str, phone: str, address: str, commune) -> SavedAddress:
    """Keep the address an order was sent to, newest first; a buyer keeps a few."""
    saved, created = SavedAddress.objects.get_or_create(
        user=user, name=name, phone=phone, address=address, commune=commune
    )
    if not created:
        saved.last_used_at = timezone.now()
        saved.save(update_fields=["last_used_at"])
    stale = SavedAddress.objects.filter(user=user).values_list("pk", flat=True)[MAX_ADDRESSES:]
    SavedAddress.objects.filter(pk__in=list(stale)).delete()
    return saved


def address_forget(*, user: User, address_id: int) -> None:
    SavedAddress.objects.filter(user=user, pk=address_id).delete()
