from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import normalize_phone
from marketplace.core.forms import LimitedCharField
from marketplace.core.params import id_from
from marketplace.regions.models import Commune, Province
from marketplace.regions.selectors import commune_list, province_list


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=999, initial=1, required=False)

    def clean_quantity(self):
        return self.cleaned_data["quantity"] or 1


class CheckoutForm(forms.Form):
    """Delivery details. The commune list depends on the province: without JavaScript the
    buyer picks the province, presses “Show communes”, then picks the commune."""

    name = LimitedCharField(label=_("Your name"), max_length=120)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional: to receive news of your order."),
        max_length=254,  # the order's column
    )
    address = LimitedCharField(
        label=_("Address"),
        max_length=250,
        help_text=_("House number, street, village or hamlet."),
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=Province.objects.none(),
        empty_label=_("Choose a province or city…"),
        error_messages={"required": _("Choose the province or city of the address.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=Commune.objects.none(),
        empty_label=_("Choose a commune or ward…"),
        error_messages={
            "required": _("Choose the commune or ward of the address."),
            "invalid_choice": _("Choose the commune or ward again from the list."),
        },
    )
    note = LimitedCharField(
        label=_("Note for the seller"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)

    def __init__(self, *args, methods=(), province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = province_list()
        communes = Commune.objects.none()
        if id_from(province_id) is not None:
            province = province_list().filter(pk=id_from(province_id)).first()
            if province is not None:
                communes = commune_list(province=province)
        self.fields["commune"].queryset = communes
        self.fields["commune"].label_from_instance = lambda c: c.name
        self.fields["payment_method"].choices = [(m.code, m.label) for m in methods]
        if methods:
            self.fields["payment_method"].initial = methods[0].code

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        province, commune = data.get("province"), data.get("commune")
        if province and commune and commune.province_id != province.pk:
            raise ValidationError({"commune": _("This commune is not in the chosen province.")})
        return data


class ReasonForm(forms.Form):
    """Why an order is cancelled or refunded: kept in its history, shown to the buyer."""

    reason = forms.CharField(
        label=_("Reason (the buyer will see it)"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 250}),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        if not required:
            field.label = _("Reason (optional, the seller will see it)")

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())


class ShipForm(forms.Form):
    """Who carries the parcel and its number: both optional (own delivery needs none)."""

    carrier = forms.CharField(
        label=_("Courier"),
        required=False,
        max_length=40,
        help_text=_("e.g. Viettel Post, GHN, GHTK. Leave empty if you deliver yourself."),
        widget=forms.TextInput(attrs={"list": "couriers", "autocomplete": "off"}),
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        required=False,
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9 ._/-]*$", _("Letters, digits and - . / only."))],
    )

    def clean_carrier(self):
        return " ".join(self.cleaned_data["carrier"].split())

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip()
