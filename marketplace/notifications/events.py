"""The catalogue of events a message can be about, with their texts.

Texts are written for one SMS segment where the facts allow: under 70 characters with
diacritics (UCS-2), and always under 160 once unaccented (GSM-7). `sample` is a
realistic context: the tests count the segments of every text over it, and
docs/notifications.md shows the same figures. A text that changes gets a new `version`,
so the log says which wording each person received.

An `in_app` event is only written to the person's list at /thong-bao/ (news of their own
work, such as an import that finished): it is never sent by SMS, Zalo or e-mail, so its
text needs no "Chợ Số:" and counts no segment.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import format_vnd


@dataclass(frozen=True)
class Event:
    key: str
    title: Promise
    text: Promise
    sample: dict
    essential: bool = False  # one-time codes: no opt-out, no quiet hours
    secret: tuple[str, ...] = ()  # context keys blanked out of the log once delivered
    version: int = 1
    money: tuple[str, ...] = field(default=())  # context keys holding whole dong
    in_app: bool = False  # only in the list at /thong-bao/: never sent, costs nothing

    @property
    def template(self) -> str:
        return f"{self.key}.v{self.version}"


_CATALOGUE = (
    Event(
        key="order_new",
        title=_("New order"),
        text=_("Chợ Số: new order %(number)s, %(total)s. Open My shop to confirm it."),
        sample={"number": "CS000123-1", "total": 1250000},
        money=("total",),
    ),
    Event(
        key="order_confirmed",
        title=_("Order confirmed"),
        text=_("Chợ Số: the seller confirmed your order %(number)s."),
        sample={"number": "CS000123-1"},
    ),
    Event(
        key="order_shipped",
        title=_("Order shipped"),
        text=_("Chợ Số: order %(number)s is on its way. Keep your phone at hand."),
        sample={"number": "CS000123-1"},
    ),
    Event(
        key="order_delivered",
        title=_("Order delivered"),
        text=_("Chợ Số: order %(number)s was delivered. Thank you!"),
        sample={"number": "CS000123-1"},
    ),
    Event(
        key="order_cancelled",
        title=_("Order cancelled"),
        text=_("Chợ Số: order %(number)s was cancelled."),
        sample={"number": "CS000123-1"},
    ),
    Event(
        key="order_expired",
        title=_("Order cancelled: not confirmed in time"),
        text=_("Chợ Số: order %(number)s was cancelled, not confirmed in time. Do not send it."),
        sample={"number": "CS000123-1"},
    ),
    Event(
        key="order_refunded",
        title=_("Order refunded"),
        text=_("Chợ Số: %(amount)s refunded for order %(number)s."),
        sample={"number": "CS000123-1", "amount": 1250000},
        money=("amount",),
    ),
    Event(
        key="payment_received",
        title=_("Payment received"),
        text=_("Chợ Số: we received %(amount)s for order %(number)s. Thank you!"),
        sample={"number": "CS000123-1", "amount": 1250000},
        money=("amount",),
    ),
    Event(
        key="transfer_recorded",
        title=_("Transfer recorded"),
        text=_("Chợ Số: transfer of %(amount)s recorded for order %(number)s."),
        sample={"number": "CS000123-1", "amount": 1250000},
        money=("amount",),
    ),
    Event(
        key="card_refund_stuck",
        title=_("Card refund needs you"),
        text=_("Stripe would not refund %(amount)s (%(reason)s): settle it by hand or try again."),
        # The amount comes formatted: a mismatched charge may be in another currency.
        sample={"amount": "1.250.000 ₫", "reason": "Paid twice"},
        in_app=True,
    ),
    Event(
        key="certificate_verified",
        title=_("OCOP certificate verified"),
        text=_("Chợ Số: OCOP %(stars)s stars of %(product)s verified; they show now."),
        sample={"stars": 4, "product": "Kẹo dừa Mỏ Cày"},
    ),
    Event(
        key="certificate_rejected",
        title=_("OCOP certificate rejected"),
        text=_("Chợ Số: OCOP certificate of %(product)s rejected. See why in My shop."),
        sample={"product": "Kẹo dừa Mỏ Cày"},
    ),
    Event(
        key="storefront_approved",
        title=_("Shop approved"),
        text=_("Chợ Số: your shop %(shop)s is approved and open to buyers."),
        sample={"shop": "Hộ Nguyễn Văn Hùng"},
    ),
    Event(
        key="storefront_rejected",
        title=_("Shop page to correct"),
        text=_("Chợ Số: your shop page %(shop)s needs changes. See My shop."),
        sample={"shop": "Hộ Nguyễn Văn Hùng"},
    ),
    Event(
        key="training_reminder",
        title=_("Training tomorrow"),
        text=_("Chợ Số: training %(course)s tomorrow %(date)s at %(time)s, %(place)s."),
        sample={
            "course": "Bán hàng trên mạng",
            "date": "16/06",
            "time": "8:00",
            "place": "Nhà văn hóa thôn 3",
        },
    ),
    Event(
        key="training_tomorrow",
        title=_("Training tomorrow"),
        text=_("Chợ Số: training %(course)s tomorrow %(date)s in %(place)s."),
        sample={"course": "Bán hàng trên mạng", "date": "16/06", "place": "Xã Tân Thành"},
    ),
    Event(
        key="takeover_code",
        title=_("Your activation code"),
        text=_("Chợ Số: your activation code is %(code)s, valid 7 days. Tell no one."),
        sample={"code": "482913"},
        essential=True,
        secret=("code",),
    ),
    Event(
        key="otp",
        title=_("Your one-time code"),
        text=_("Chợ Số: code %(code)s to reset your password, valid %(minutes)s minutes."),
        sample={"code": "482913", "minutes": 10},
        essential=True,
        secret=("code",),
    ),
    Event(
        key="phone_check",
        title=_("Your verification code"),
        text=_("Chợ Số: code %(code)s to verify your mobile number, valid %(minutes)s minutes."),
        sample={"code": "482913", "minutes": 10},
        essential=True,
        secret=("code",),
    ),
    Event(
        key="roster_imported",
        title=_("Household list imported"),
        text=_("Household list imported: %(new)s new households, %(merged)s completed."),
        sample={"new": 3, "merged": 1},
        in_app=True,
    ),
    Event(
        key="products_imported",
        title=_("Products imported"),
        text=_("Products of %(shop)s imported: %(created)s new drafts, %(updated)s updated."),
        sample={"shop": "Hộ Nguyễn Văn Hùng", "created": 3, "updated": 1},
        in_app=True,
    ),
    Event(
        key="registry_imported",
        title=_("OCOP registry imported"),
        text=_(
            "OCOP registry of %(province)s imported: %(entries)s rows, "
            "%(verified)s certificates verified, %(pending)s still waiting."
        ),
        sample={"province": "Bến Tre", "entries": 120, "verified": 3, "pending": 2},
        in_app=True,
    ),
)

EVENTS: dict[str, Event] = {event.key: event for event in _CATALOGUE}


def event_get(key: str) -> Event:
    try:
        return EVENTS[key]
    except KeyError:
        raise ValueError(f"Unknown notification event {key!r}") from None


def event_params(event: Event, context: dict) -> dict[str, str]:
    """The context as the text and the Zalo template receive it: strings, money formatted."""
    return {
        name: format_vnd(value) if name in event.money else str(value)
        for name, value in context.items()
    }


def event_render(event: Event, context: dict) -> str:
    """The event's text in the active language, filled with `context`."""
    return str(event.text) % event_params(event, context)
