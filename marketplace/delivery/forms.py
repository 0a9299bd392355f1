"""A seller's delivery option as typed on a phone: one form that shows the fields of its
kind (pickup, own delivery, courier). Money is typed the Vietnamese way (MoneyField),
weights in kilos with a comma or a dot ("2,5")."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import MoneyField
from marketplace.core.params import id_from
from marketplace.regions.selectors import commune_list, province_list

from .carriers import CARRIERS
from .models import WEEKDAYS, DeliveryOption, Kind

TIER_ROWS = 3
MAX_TIER_KG = 1000
MAX_LEAD_DAYS = 60
_KG = re.compile(r"(\d{1,4})(?:[.,](\d{1,3}))?")

# The fields each kind shows, in the order a seller fills them.
KIND_FIELDS = {
    Kind.PICKUP: ["name", "address", "place", "weekdays", "hours", "lead_days"],
    Kind.OWN: ["name", "provinces", "communes", "fee", "tiers", "free_above", "lead_days"],
    Kind.COURIER: ["name", "carrier", "fee", "tiers", "free_above", "lead_days"],
}


def _no_control_characters(value: str) -> None:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(_("Remove the invisible characters from this text."))


def _tier_names(row: int) -> tuple[str, str]:
    return f"tier_{row}_kg", f"tier_{row}_fee"


class KiloField(forms.Field):
    """Kilos as written: "2", "2,5" or "2.5"; cleaned to whole grams."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off", maxlength=12)

    def to_python(self, value):
        text = str(value if value is not None else "").replace(" ", "")
        if not text:
            return None
        match = _KG.fullmatch(text)
        if match is None:
            raise ValidationError(_("Write the weight in kilos, e.g. 2 or 2,5."))
        whole, decimals = match.groups()
        grams = int(whole) * 1000 + int((decimals or "").ljust(3, "0"))
        if grams <= 0:
            raise ValidationError(_("The weight must be more than 0 kg."))
        if grams > MAX_TIER_KG * 1000:
            raise ValidationError(
                _("At most %(kg)s kg: heavier goods are arranged with the buyer.")
                % {"kg": MAX_TIER_KG}
            )
        return grams


class AreaChoiceField(forms.ModelMultipleChoiceField):
    """Provinces or communes by id; a value that cannot be an id (past the database's
    integers) is refused like an unknown one, not sent to the database."""

    def clean(self, value):
        for item in value if isinstance(value, (list, tuple)) else []:
            if id_from(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:20]},
                )
        return super().clean(value)


class DeliveryOptionForm(forms.Form):
    name = forms.CharField(
        label=_("Name buyers read"),
        max_length=120,
        required=False,
        validators=[_no_control_characters],
    )
    address = forms.CharField(
        label=_("Pickup address"),
        max_length=250,
        validators=[_no_control_characters],
        error_messages={"required": _("Give the pickup address.")},
    )
    place = forms.ModelChoiceField(
        label=_("Commune of the pickup"),
        queryset=commune_list().none(),
        required=False,
        help_text=_("Buyers of other provinces are told it is far from them."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Pickup days"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any day."),
    )
    hours = forms.CharField(
        label=_("Hours"),
        max_length=120,
        required=False,
        validators=[_no_control_characters],
        help_text=_("For example: 6 to 10 in the morning."),
    )
    carrier = forms.ChoiceField(label=_("Courier"))
    provinces = AreaChoiceField(
        label=_("Whole provinces you deliver to"),
        queryset=province_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communes = AreaChoiceField(
        label=_("Communes of your province you deliver to"),
        queryset=commune_list().none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Nothing chosen above or here: your whole province."),
    )
    fee = MoneyField(
        label=_("Delivery fee per order (dong)"),
        required=False,
        help_text=_("As you write it: 25.000, 25k. 0 for free."),
    )
    free_above = MoneyField(
        label=_("Free from an order of (dong)"),
        required=False,
        help_text=_("Leave empty if delivery is never free."),
    )
    lead_days = forms.IntegerField(
        label=_("Days to deliver"),
        min_value=0,
        max_value=MAX_LEAD_DAYS,
        initial=1,
        help_text=_("Days from the order to the goods being ready or arriving."),
    )

    def __init__(self, data=None, *, seller, kind: str, instance: DeliveryOption | None = None):
        self.seller, self.kind, self.instance = seller, kind, instance
        initial = self._initial_of(instance) if instance is not None else None
        super().__init__(data, initial=initial)
        self._add_tier_fields()
        shown = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in shown and not (name.startswith("tier_") and "tiers" in shown):
                del self.fields[name]
        if "communes" in self.fields:
            self.fields["communes"].queryset = commune_list(province=seller.commune.province_id)
        if "place" in self.fields:
            place = self.fields["place"]
            place.queryset = commune_list(province=seller.commune.province_id)
            place.label_from_instance = lambda commune: commune.name
            place.empty_label = _("Your shop's commune (%(name)s)") % {"name": seller.commune.name}
        if "carrier" in self.fields:
            self.fields["carrier"].choices = [
                (code, carrier.name) for code, carrier in CARRIERS.items()
            ]
        if kind == Kind.COURIER:
            self.fields["fee"].label = _("Your own fee when the courier cannot price (dong)")
            self.fields["fee"].help_text = _(
                "Optional. Without it (or weights below) the option is not offered then."
            )
        self.fields["lead_days"].widget.attrs.update(inputmode="numeric")

    def _add_tier_fields(self):
        for row in range(1, TIER_ROWS + 1):
            kg_name, fee_name = _tier_names(row)
            self.fields[kg_name] = KiloField(
                label=_("Up to (kg), row %(row)s") % {"row": row}, required=False
            )
            self.fields[fee_name] = MoneyField(
                label=_("Fee (dong), row %(row)s") % {"row": row}, required=False
            )

    @staticmethod
    def _initial_of(option: DeliveryOption) -> dict:
        initial = {
            "name": option.name,
            "address": option.address,
            "place": option.place_id,
            "weekdays": list(option.weekdays),
            "hours": option.hours,
            "carrier": option.carrier,
            "provinces": list(option.provinces.all()),
            "communes": list(option.communes.all()),
            "fee": option.fee,
            "free_above": option.free_above,
            "lead_days": option.lead_days,
        }
        for row, tier in enumerate(option.weight_tiers[:TIER_ROWS], start=1):
            kg_name, fee_name = _tier_names(row)
            kilos = int(tier["up_to_grams"]) / 1000
            initial[kg_name] = f"{kilos:g}".replace(".", ",")
            initial[fee_name] = int(tier["fee"])
        return initial

    @property
    def layout(self) -> list[dict]:
        """The page's parts in order: {"field": bound field}, and the weight rows as
        {"tiers": [(kilos, fee), ...]} where the kind has them."""
        parts = []
        for name in KIND_FIELDS[self.kind]:
            if name == "tiers":
                rows = [
                    (self[kg], self[fee]) for kg, fee in map(_tier_names, range(1, TIER_ROWS + 1))
                ]
                parts.append({"tiers": rows})
            else:
                parts.append({"field": self[name]})
        return parts

    def _clean_tiers(self) -> list[dict]:
        tiers, seen = [], set()
        for row in range(1, TIER_ROWS + 1):
            kg_name, fee_name = _tier_names(row)
            if kg_name not in self.fields or kg_name in self.errors or fee_name in self.errors:
                continue
            grams, fee = self.cleaned_data.get(kg_name), self.cleaned_data.get(fee_name)
            if grams is None and fee is None:
                continue
            if grams is None:
                self.add_error(kg_name, _("Give the weight of this row, or clear its fee."))
            elif fee is None:
                self.add_error(fee_name, _("Give the fee of this row, or clear its weight."))
            elif grams in seen:
                self.add_error(kg_name, _("Two rows have the same weight."))
            else:
                seen.add(grams)
                tiers.append({"up_to_grams": grams, "fee": fee})
        return sorted(tiers, key=lambda t: t["up_to_grams"])

    def clean(self):
        cleaned = super().clean()
        cleaned["weight_tiers"] = self._clean_tiers()
        if self.kind == Kind.OWN and cleaned.get("fee") is None and "fee" not in self.errors:
            if not cleaned["weight_tiers"]:
                self.add_error("fee", _("Give a fee for your delivery (0 for free)."))
        return cleaned

    def fill(self, option: DeliveryOption) -> DeliveryOption:
        """`option` with the typed values set (not saved: `services.option_save` does)."""
        data = self.cleaned_data
        option.name = data.get("name", "").strip()
        option.address = data.get("address", "").strip()
        option.place = data.get("place")
        option.weekdays = "".join(sorted(set(data.get("weekdays", []))))
        option.hours = data.get("hours", "").strip()
        option.carrier = data.get("carrier", "")
        option.fee = data.get("fee")
        option.weight_tiers = data.get("weight_tiers", [])
        option.free_above = data.get("free_above")
        option.lead_days = data["lead_days"]
        return option

    def areas(self) -> dict:
        """The communes and provinces to set, for own delivery (None: leave as they are)."""
        if self.kind != Kind.OWN:
            return {"communes": None, "provinces": None}
        return {
            "communes": list(self.cleaned_data["communes"]),
            "provinces": list(self.cleaned_data["provinces"]),
        }


class SwitchForm(forms.Form):
    """On or off, said outright: pressing twice (or a page left open) does it once."""

    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
