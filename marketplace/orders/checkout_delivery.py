"""Delivery on the cart and checkout pages: where to, what each seller's part costs to
get there, and what the buyer picked.

The commune comes from the form being filled in, else the one the buyer picked earlier
on this device (session), else their newest saved address. Without JavaScript the buyer
presses "Show delivery fees"; with it the summary is fetched again when the commune or
a choice changes (`checkout_summary`). Either way the server prices every option.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marketplace.core.params import id_from
from marketplace.delivery.models import SavedAddress
from marketplace.delivery.quotes import SellerDelivery
from marketplace.regions.models import Commune
from marketplace.regions.selectors import commune_list, province_list

from . import selectors
from .placing import order_deliveries

SESSION_COMMUNE = "delivery_commune"
CHOICE_PREFIX = "delivery-"


def commune_get(pk) -> Commune | None:
    pk = id_from(pk)
    if pk is None:
        return None
    return Commune.objects.select_related("province").filter(pk=pk, is_current=True).first()


def saved_addresses(request) -> list[SavedAddress]:
    if not request.user.is_authenticated:
        return []
    return list(
        SavedAddress.objects.filter(user=request.user).select_related("commune__province")[:5]
    )


def delivery_commune(request, *, posted=None, addresses=()) -> Commune | None:
    """Where the buyer wants the goods: the commune posted, else the one kept for this
    device, else the newest saved address. A commune posted is kept for next time."""
    if posted:
        commune = commune_get(posted)
        if commune is not None:
            if request.session.get(SESSION_COMMUNE) != commune.pk:
                request.session[SESSION_COMMUNE] = commune.pk
            return commune
    commune = commune_get(request.session.get(SESSION_COMMUNE))
    if commune is None and addresses:
        commune = addresses[0].commune
    return commune


def cart_place(request) -> dict:
    """Where the cart prices delivery to, from its GET form (province, then commune), and
    what the form says when the buyer pressed its button without choosing."""
    data = request.GET
    commune = delivery_commune(
        request, posted=data.get("commune"), addresses=saved_addresses(request)
    )
    picked = id_from(data.get("province")) or (commune.province_id if commune else None)
    province = province_list().filter(pk=picked).first() if picked else None
    error = ""
    if "province" in data and province is None:
        error = _("Choose your province or city first.")
    elif (
        data.get("communes_of") == data.get("province")
        and "commune" in data
        and commune_get(data["commune"]) is None
    ):
        # The commune list of this province was shown and none was picked.
        error = _("Choose your commune or ward to see each seller's delivery fee.")
    return {
        "commune": commune,
        "provinces": province_list(),
        "picked_province": province.pk if province else None,
        "communes": commune_list(province=province) if province else [],
        "place_error": error,
    }


def chosen_from(data) -> dict[int, str]:
    """{seller pk: choice} from the radio buttons `delivery-<seller pk>`."""
    chosen = {}
    for key, value in data.items():
        seller_id = id_from(key[len(CHOICE_PREFIX) :]) if key.startswith(CHOICE_PREFIX) else None
        if seller_id is not None and isinstance(value, str) and len(value) <= 20:
            chosen[seller_id] = value
    return chosen


@dataclass
class Summary:
    """The cart's groups with their delivery: what the summary and its totals show."""

    groups: list
    commune: Commune | None
    deliveries: dict[int, SellerDelivery] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict]:
        return [{"group": g, "delivery": self.deliveries.get(g.seller.pk)} for g in self.groups]

    @property
    def goods_total(self) -> int:
        return sum(g.total for g in self.groups)

    def _sellers(self, test) -> list:
        return [g.seller for g in self.groups if test(self.deliveries.get(g.seller.pk))]

    @property
    def delivery_total(self) -> int:
        """The fees known: one arranged by phone is agreed later, not 0."""
        return sum(
            d.chosen.fee for d in self.deliveries.values() if d.chosen and d.chosen.fee_known
        )

    @property
    def grand_total(self) -> int:
        return self.goods_total + self.delivery_total

    @property
    def unreachable(self) -> list:
        """Sellers with no way at all to get their goods to this buyer."""
        if self.commune is None:
            return []
        return self._sellers(lambda d: not d.reachable)

    @property
    def unchosen(self) -> list:
        """Sellers that only offer a pickup far away, which the buyer has not chosen."""
        if self.commune is None:
            return []
        return self._sellers(lambda d: d.reachable and d.chosen is None)

    @property
    def fee_pending(self) -> list:
        """Sellers whose delivery is arranged by phone: their fee is not in the totals."""
        return self._sellers(lambda d: d is not None and d.chosen and not d.chosen.fee_known)

    @property
    def without_fee(self) -> list:
        """Sellers whose delivery fee the totals do not include, for whatever reason."""
        if self.commune is None:
            return []
        return self._sellers(lambda d: d.chosen is None or not d.chosen.fee_known)

    @property
    def complete(self) -> bool:
        """The totals are what the buyer pays: every seller's fee is known and counted."""
        return self.commune is not None and not self.without_fee

    @property
    def quotes(self) -> dict:
        """seller pk -> the chosen quote, for order_place."""
        return {pk: d.chosen for pk, d in self.deliveries.items() if d.chosen}

    @property
    def priced(self) -> bool:
        """Some seller offers real options: the buyer must have seen their fees."""
        return any(
            quote.option_id for delivery in self.deliveries.values() for quote in delivery.quotes
        )

    @property
    def state(self) -> str:
        """A fingerprint of the delivery offer the page showed: commune and every
        option's fee. The form carries it; a different offer at the order's moment
        (another commune, a fee changed) shows the page again instead of ordering."""
        if self.commune is None:
            return ""
        offers = [
            f"{pk}:" + "/".join(f"{q.choice}@{q.fee}" for q in d.quotes)
            for pk, d in sorted(self.deliveries.items())
        ]
        return f"{self.commune.pk}|" + ",".join(offers)


def summary_for(*, groups, commune: Commune | None, chosen: dict[int, str] | None = None):
    """Price every seller's part to `commune` (nothing to price without one)."""
    summary = Summary(groups=groups, commune=commune)
    if commune is not None and groups:
        summary.deliveries = order_deliveries(
            parts=selectors.cart_parts(groups=groups), commune=commune, chosen=chosen
        )
    return summary


def delivery_refusal(summary: Summary, posted) -> str:
    """Why the order may not be placed yet for delivery reasons ("" if it may)."""
    names = ", ".join
    if summary.unreachable:
        return _(
            "%(sellers)s cannot deliver to %(commune)s: remove their products from the cart "
            "or choose another address."
        ) % {
            "sellers": names(seller.name for seller in summary.unreachable),
            "commune": summary.commune.name,
        }
    if summary.unchosen:
        return _(
            "%(sellers)s cannot deliver to %(commune)s, only hand the goods over in another "
            "province: choose that pickup if you will fetch them there, or remove their "
            "products from the cart."
        ) % {
            "sellers": names(seller.name for seller in summary.unchosen),
            "commune": summary.commune.name,
        }
    if summary.priced and posted.get("delivery_state") != summary.state:
        return _(
            "Delivery to %(commune)s: each seller's fee is now in your order above. "
            "Check them and the total, then place your order."
        ) % {"commune": summary.commune.name}
    return ""
