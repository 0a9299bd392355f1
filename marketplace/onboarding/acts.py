"""What the "done on the household's behalf" log says, in the reader's language.

The log stores each act's code (`seller_create`) and its object as written; the
officer reads a label and phones written the Vietnamese way (0900 000 004).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import display_phone
from marketplace.orders.models import OrderStatus

LABELS = {
    "consent_record": _("Consent of the household recorded"),
    "login_create": _("Login opened"),
    "login_unlock": _("Login unlocked after wrong passwords"),
    "seller_create": _("Shop opened"),
    "storefront_publish": _("Shop page approved and published"),
    "takeover_code_issue": _("One-time code given"),
    "storefront_edit": _("Shop page edited"),
    "seller_details_update": _("Shop contact or bank account changed"),
    "product_create": _("Product listed"),
    "product_update": _("Product changed"),
    "product_archive": _("Product archived"),
    "product_delete": _("Product deleted"),
    "product_photo_add": _("Product photo added"),
    "product_photo_remove": _("Product photo removed"),
    "certificate_add": _("OCOP certificate added"),
    "certificate_remove": _("OCOP certificate removed"),
    "lot_create": _("Lot recorded"),
    "lot_recall": _("Lot recalled"),
}


@dataclass(frozen=True)
class ActRow:
    when: object
    actor: object
    label: str
    target: str


def act_label(action: str) -> str:
    if action in LABELS:
        return str(LABELS[action])
    if action.startswith("order_"):
        status = action.removeprefix("order_")
        if status in OrderStatus.values:
            return _("Order marked “%(status)s”") % {"status": OrderStatus(status).label}
    if action.startswith("trace_"):
        return str(_("Farm diary entry recorded"))
    return action


def act_target(target: str) -> str:
    if target.startswith("+84") and target[1:].isdigit():
        return display_phone(target)
    return target


def act_rows(acts) -> list[ActRow]:
    return [
        ActRow(
            when=act.created_at,
            actor=act.actor,
            label=act_label(act.action),
            target=act_target(act.target),
        )
        for act in acts
    ]
