from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import normalize_phone
from marketplace.core.params import is_plain_digits
from marketplace.core.uploads import SpreadsheetField
from marketplace.regions.models import Commune
from marketplace.sellers.models import FarmType
from marketplace.training.forms import CommuneChoiceField

from .roster import MAX_BYTES as ROSTER_MAX_BYTES


class RosterUploadForm(forms.Form):
    file = SpreadsheetField(
        max_bytes=ROSTER_MAX_BYTES,
        label=_("Household list (CSV or Excel .xlsx)"),
        help_text=_(
            "Columns: Chủ hộ, Số điện thoại, CCCD (optional), Xã (name or code), "
            "Loại hình (optional). First row: the column names."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of household"), max_length=120)
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    national_id = forms.CharField(
        label=_("National ID (CCCD, optional)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    commune = CommuneChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    address = forms.CharField(label=_("Village / hamlet"), max_length=200, required=False)
    farm_type = forms.ChoiceField(label=_("Farm type"), choices=FarmType.choices, initial="mixed")

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].replace(" ", "")
        if value and not (is_plain_digits(value) and len(value) == 12):
            raise ValidationError(_("The national ID has 12 digits."))
        return value


class OnboardingForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The household agrees that I open its login and shop on its behalf"),
        required=True,
    )
    shop_name = forms.CharField(label=_("Shop name (optional)"), max_length=200, required=False)


class TakeoverForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    code = forms.CharField(
        label=_("Code from the officer"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class PasswordResetRequestForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


class PasswordResetConfirmForm(TakeoverForm):
    """Phone, the code received by SMS and the new password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code received by SMS")


class PhoneCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Code received by SMS"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
