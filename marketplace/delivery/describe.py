"""A seller's option in words, for the portal's list: its fee rule and where it goes."""

from django.utils.translation import gettext as _

from marketplace.core.money import format_vnd

from .carriers import carrier_get
from .models import DeliveryOption, Kind


def _kilos(grams: int) -> str:
    return f"{grams / 1000:g}".replace(".", ",")


def _tiers_words(tiers: list[dict]) -> str:
    return "; ".join(
        _("up to %(kg)s kg: %(fee)s")
        % {"kg": _kilos(int(t["up_to_grams"])), "fee": format_vnd(int(t["fee"]))}
        for t in tiers
    )


def _own_fee_words(option: DeliveryOption) -> str:
    if option.weight_tiers:
        return _tiers_words(option.weight_tiers)
    if option.fee == 0:
        return _("free")
    return format_vnd(option.fee)


def fee_words(option: DeliveryOption) -> str:
    """E.g. "30.000 ₫, free from 300.000 ₫"; a courier's price when it is connected."""
    if option.kind == Kind.PICKUP:
        return _("free")
    has_own_fee = option.fee is not None or bool(option.weight_tiers)
    if option.kind == Kind.COURIER:
        if carrier_get(option.carrier) is not None:
            words = _("the courier's price")
            if has_own_fee:
                words += " " + _("(if it cannot price: %(fee)s)") % {"fee": _own_fee_words(option)}
        elif has_own_fee:
            words = _own_fee_words(option)
        else:
            return _("no fee set: not offered to buyers")
    else:
        words = _own_fee_words(option)
    if option.free_above is not None and words != _("free"):
        words = _("%(fee)s, free from %(amount)s") % {
            "fee": words,
            "amount": format_vnd(option.free_above),
        }
    return words


def area_words(option: DeliveryOption, *, province_name: str) -> str:
    """Where the option goes: the areas listed, or the seller's province."""
    if option.kind == Kind.PICKUP:
        return ", ".join(filter(None, [option.address, option.place and option.place.name]))
    if option.kind == Kind.COURIER:
        return _("anywhere the courier goes")
    names = [p.name for p in option.provinces.all()] + [c.name for c in option.communes.all()]
    if not names:
        return _("your province (%(province)s)") % {"province": province_name}
    return ", ".join(names)
