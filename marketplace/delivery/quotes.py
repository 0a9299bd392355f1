"""What each seller's delivery costs a buyer in one commune: the quotes checkout offers.

A read, with one outside call at most per courier option (cached): the options of every
seller in the cart come in one query; each option that reaches the commune is priced
by `pricing`'s rules or by its carrier. A carrier that fails or times out never costs a
page: the option falls back to the seller's own fee, or is not offered.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.regions.models import Commune, Province

from . import pricing
from .carriers import CarrierError, Parcel, carrier_get
from .models import WEEKDAYS, DeliveryOption, Kind

logger = logging.getLogger(__name__)

QUOTE_CACHE_SECONDS = 600
# A carrier that just failed is not asked again for this long: one slow carrier must not
# make every checkout page wait for its timeout.
QUOTE_FAILURE_SECONDS = 60


@dataclass(frozen=True)
class Quote:
    """One way one seller's part can reach the buyer, priced for it."""

    seller_id: int
    option_id: int | None  # None: arranged with the seller (no option of theirs applies)
    kind: str
    label: str
    fee: int
    expected_date: dt.date | None
    goods_total: int
    weight_grams: int
    carrier: str = ""
    # The carrier could not quote: this is the seller's own fee for the courier.
    estimated: bool = False
    # Free because the goods reach the seller's "free from" amount.
    free_applied: bool = False
    # A pickup in another province than the buyer's commune: offered, and said so, but
    # never what the "cheapest delivery" assumes (the goods do not come to the buyer).
    far: bool = False

    @property
    def choice(self) -> str:
        """The value of its radio button at checkout."""
        return str(self.option_id) if self.option_id else Kind.ARRANGED

    @property
    def fee_known(self) -> bool:
        """Arranged by phone, the fee is agreed later: `fee` 0 then means "not known"."""
        return self.kind != Kind.ARRANGED


@dataclass
class SellerDelivery:
    """Everything checkout shows and needs for one seller's part."""

    seller_id: int
    quotes: list[Quote] = field(default_factory=list)
    # Products marked "only within the province" that cannot travel to this commune.
    local_only: list = field(default_factory=list)
    chosen: Quote | None = None

    @property
    def reachable(self) -> bool:
        """Some way to get the goods, if only a pickup far away."""
        return bool(self.quotes)

    @property
    def cheapest(self) -> Quote | None:
        """The cheapest way the goods reach the buyer's commune: a delivery, or a pickup
        in the buyer's own province; None when only pickups far away are left."""
        return next((quote for quote in self.quotes if not quote.far), None)


def weekday_names(weekdays: str) -> str:
    names = dict(WEEKDAYS)
    return ", ".join(str(names[d]) for d in weekdays if d in names)


def pickup_place(option: DeliveryOption, seller) -> Commune:
    """Where a pickup is: its commune, else the seller's own."""
    return option.place or seller.commune


def option_label(option: DeliveryOption, *, seller) -> str:
    """What the buyer reads on the checkout, the order page and the e-mail, frozen into
    the shipment when the order is placed. A pickup says where, down to the province."""
    name = option.name or option.get_kind_display()
    if option.kind == Kind.PICKUP:
        place = pickup_place(option, seller)
        # Sellers often write the commune in the address already: say it once.
        names = [n for n in (place.name, place.province.name) if n not in option.address]
        where = ", ".join(filter(None, [option.address, *names]))
        when = ", ".join(filter(None, [weekday_names(option.weekdays), option.hours]))
        details = "; ".join(filter(None, [where, when]))
        return (_("Pickup: %(name)s") % {"name": name}) + f" ({details})"
    return name


def option_reaches(option: DeliveryOption, commune: Commune, seller_province_id: int) -> bool:
    """Pickup and couriers reach everyone; a seller's own delivery, the communes and
    provinces listed (none listed: the seller's own province)."""
    if option.kind != Kind.OWN:
        return True
    communes = {c.pk for c in option.communes.all()}
    provinces = {p.pk for p in option.provinces.all()}
    if not communes and not provinces:
        return commune.province_id == seller_province_id
    return commune.pk in communes or commune.province_id in provinces


def _carrier_quote(option: DeliveryOption, parcel: Parcel):
    """The carrier's quote, cached; None when it cannot quote now."""
    carrier = carrier_get(option.carrier)
    if carrier is None:
        return None
    raw = f"{carrier.code}:{parcel.from_commune_code}:{parcel.to_commune_code}:"
    raw += f"{parcel.weight_grams}:{parcel.goods_value}"
    key = "delivery:quote:" + hashlib.sha1(raw.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    try:
        quote = carrier.quote(parcel=parcel)
    except CarrierError as error:
        logger.warning("carrier %s could not quote: %s", carrier.code, error)
        cache.set(key, False, QUOTE_FAILURE_SECONDS)
        return None
    cache.set(key, quote, QUOTE_CACHE_SECONDS)
    return quote


def option_quote(
    option: DeliveryOption,
    *,
    seller,
    commune: Commune,
    goods_total: int,
    weight_grams: int,
    today: dt.date,
) -> Quote | None:
    """The option priced for this parcel, or None where it does not take it."""
    carrier_date, estimated = None, False
    fee = pricing.base_fee(fee=option.fee, tiers=option.weight_tiers, weight_grams=weight_grams)
    if option.kind == Kind.PICKUP:
        fee = 0
    elif option.kind == Kind.COURIER:
        carried = _carrier_quote(
            option,
            Parcel(
                from_commune_code=seller.commune.code,
                to_commune_code=commune.code,
                weight_grams=weight_grams,
                goods_value=goods_total,
            ),
        )
        if carried is not None:
            fee, carrier_date = carried.fee, carried.expected_date
        else:
            estimated = True
    if fee is None:
        return None
    free = pricing.with_free_above(fee, goods_total=goods_total, free_above=option.free_above)
    return Quote(
        seller_id=seller.pk,
        option_id=option.pk,
        kind=option.kind,
        label=option_label(option, seller=seller),
        fee=free,
        expected_date=pricing.expected_date(
            today=today,
            lead_days=option.lead_days,
            weekdays=option.weekdays if option.kind == Kind.PICKUP else "",
            carrier_date=carrier_date,
        ),
        goods_total=goods_total,
        weight_grams=weight_grams,
        carrier=option.carrier if option.kind == Kind.COURIER else "",
        estimated=estimated,
        free_applied=free == 0 and fee > 0,
        far=option.kind == Kind.PICKUP
        and pickup_place(option, seller).province_id != commune.province_id,
    )


def arranged_quote(*, seller_id: int, goods_total: int, weight_grams: int) -> Quote:
    return Quote(
        seller_id=seller_id,
        option_id=None,
        kind=Kind.ARRANGED,
        label=_("Arranged by the seller"),
        fee=0,
        expected_date=None,
        goods_total=goods_total,
        weight_grams=weight_grams,
    )


def parcel_of(lines) -> tuple[int, int]:
    """(goods in dong, weight in grams) of [(product, quantity)]: what a quote is for."""
    goods = sum(product.price * quantity for product, quantity in lines)
    weight = sum(
        pricing.unit_grams(weight_grams=product.weight_grams, unit=product.unit) * quantity
        for product, quantity in lines
    )
    return goods, weight


def options_of(*, seller_ids) -> dict[int, list[DeliveryOption]]:
    """The offered options of these sellers, with their areas and pickup places: three
    queries."""
    options = (
        DeliveryOption.objects.filter(seller_id__in=list(seller_ids), is_active=True)
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("pk", "province_id")),
            Prefetch("provinces", queryset=Province.objects.only("pk")),
        )
        .select_related("place__province")
    )
    by_seller: dict[int, list[DeliveryOption]] = {}
    for option in options:
        by_seller.setdefault(option.seller_id, []).append(option)
    return by_seller


def seller_delivery(
    *,
    seller,
    options: list[DeliveryOption],
    lines: list[tuple],
    commune: Commune,
    chosen: str = "",
    today: dt.date | None = None,
) -> SellerDelivery:
    """The quotes of one seller's part `lines` [(product, quantity)], cheapest first and
    pickups far away last, and the one chosen (`chosen`, a Quote.choice) or else the
    cheapest that reaches the buyer's commune (none if only far pickups are left: the
    buyer has to choose one outright).

    A seller with no option yet is arranged by phone, as before options existed. A
    product "only within the province" going elsewhere leaves only pickup.
    """
    today = today or timezone.localdate()
    goods, weight = parcel_of(lines)
    result = SellerDelivery(seller_id=seller.pk)
    if not options:
        result.quotes = [
            arranged_quote(seller_id=seller.pk, goods_total=goods, weight_grams=weight)
        ]
    else:
        seller_province = seller.commune.province_id
        if commune.province_id != seller_province:
            result.local_only = [product for product, _q in lines if product.local_only]
        for option in options:
            if result.local_only and option.kind != Kind.PICKUP:
                continue
            if not option_reaches(option, commune, seller_province):
                continue
            quote = option_quote(
                option,
                seller=seller,
                commune=commune,
                goods_total=goods,
                weight_grams=weight,
                today=today,
            )
            if quote is not None:
                result.quotes.append(quote)
        result.quotes.sort(
            key=lambda q: (q.far, q.fee, q.expected_date or dt.date.max, q.option_id or 0)
        )
    by_choice = {quote.choice: quote for quote in result.quotes}
    result.chosen = by_choice.get(chosen) or result.cheapest
    return result
