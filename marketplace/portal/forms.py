import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.accounts.phone import display_phone, normalize_phone
from marketplace.payments.banks import BankField
from marketplace.sellers.models import Seller


class MemberAddForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number of the household"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("The household must be registered already (by an extension officer)."),
    )
    consent = forms.BooleanField(
        label=_("The household agrees to join and that the cooperative runs its shop for it"),
        required=True,
        error_messages={"required": _("The household must agree to join before you add it.")},
    )


class MemberEndForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the household leave?"),
        max_length=200,
        error_messages={"required": _("Say why the household leaves.")},
    )


class PeriodForm(forms.Form):
    """A period of days; by default the current month up to today."""

    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, **kwargs):
        start, end = self.default_period()
        super().__init__(data, initial={"start": start, "end": end}, **kwargs)

    @staticmethod
    def default_period() -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        return today.replace(day=1), today

    def clean(self):
        cleaned = super().clean()
        default_start, default_end = self.default_period()
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        if start > end:
            raise ValidationError(_("The start date must come before the end date."))
        if end - start > dt.timedelta(days=3660):
            raise ValidationError(_("Choose a period of at most ten years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for, or the current month when the form is invalid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_period()


digits = RegexValidator(r"^\d*$", _("Digits only."))


class SellerDetailsForm(forms.ModelForm):
    phone = forms.CharField(label=_("Contact phone"), required=False, max_length=20)
    bank_bin = BankField(required=False)
    bank_account_number = forms.CharField(
        label=_("Account number"), required=False, max_length=19, validators=[digits]
    )

    class Meta:
        model = Seller
        fields = ["phone", "bank_bin", "bank_account_number", "bank_account_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A BIN saved before the bank list knew it stays on offer.
        self.fields["bank_bin"] = BankField(required=False, current=self.instance.bank_bin)
        if self.instance.phone:
            self.initial["phone"] = display_phone(self.instance.phone)

    def clean_phone(self):
        # Stored as +84…, shown everywhere as 0900 000 004.
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        bank = [data.get("bank_bin"), data.get("bank_account_number")]
        if any(bank) and not all(bank):
            raise forms.ValidationError(_("Choose the bank and give the account number."))
        return data
