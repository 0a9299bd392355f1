"""The fee rules of an option, pure: no query, no HTTP. Tested without a database."""

import datetime as dt

# A product whose seller gave no shipping weight weighs this much a unit, by its unit:
# a kg is a kg; a 500 g bag is half; other units (box, bottle, bunch...) count a kilo,
# enough for a courier's first price band without under-charging a farmer.
DEFAULT_GRAMS = {"kg": 1000, "500g": 500, "litre": 1000}
DEFAULT_GRAMS_OTHER = 1000


def unit_grams(*, weight_grams: int, unit: str) -> int:
    """What one unit of a product weighs for delivery."""
    return weight_grams or DEFAULT_GRAMS.get(unit, DEFAULT_GRAMS_OTHER)


def tier_fee(tiers: list[dict], weight_grams: int) -> int | None:
    """The fee of the lightest tier that carries `weight_grams`; None if it is heavier
    than the last tier (the option does not take it)."""
    for tier in sorted(tiers, key=lambda t: int(t["up_to_grams"])):
        if weight_grams <= int(tier["up_to_grams"]):
            return int(tier["fee"])
    return None


def base_fee(*, fee: int | None, tiers: list[dict], weight_grams: int) -> int | None:
    """Fee by weight where the seller set tiers, else the flat fee (None: none set)."""
    if tiers:
        return tier_fee(tiers, weight_grams)
    return fee


def with_free_above(fee: int, *, goods_total: int, free_above: int | None) -> int:
    """Free delivery from an order of `free_above` dong of goods."""
    if free_above is not None and goods_total >= free_above:
        return 0
    return fee


def next_weekday(start: dt.date, weekdays: str) -> dt.date:
    """The first day on or after `start` whose weekday (Monday = 0) is in `weekdays`;
    `start` itself when no day is set."""
    days = {int(d) for d in weekdays if d.isdigit() and int(d) < 7}
    if not days:
        return start
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        if day.weekday() in days:
            return day
    return start


def expected_date(
    *, today: dt.date, lead_days: int, weekdays: str = "", carrier_date: dt.date | None = None
) -> dt.date:
    """When the goods arrive (or can be picked up): the carrier's word if it gave one,
    else `lead_days` after today, moved to the next pickup day."""
    if carrier_date is not None:
        return carrier_date
    return next_weekday(today + dt.timedelta(days=lead_days), weekdays)
