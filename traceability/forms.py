from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, Unit
from marketplace.core.uploads import DocumentField
from marketplace.regions.models import Commune

from .gs1 import validate_gtin, validate_lot_number
from .models import DOCUMENT_MAX_BYTES, EventKind, PlantingUnit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LotForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.001"), max_digits=12, decimal_places=3
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.KG)
    harvest_date = forms.DateField(label=_("Harvest date"), required=False, widget=DateInput())
    best_before = forms.DateField(label=_("Best before"), required=False, widget=DateInput())
    lot_number = forms.CharField(
        label=_("Lot number"),
        required=False,
        max_length=20,
        validators=[validate_lot_number],
        help_text=_("Leave empty to use the trace code."),
    )
    gtin = forms.CharField(
        label=_("GTIN (barcode number)"),
        required=False,
        max_length=14,
        validators=[validate_gtin],
        help_text=_("Only if the product has a real GS1 barcode; otherwise leave empty."),
    )

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            products if products is not None else Product.objects.none()
        )
        self.fields["gtin"].widget.attrs["inputmode"] = "numeric"
        self.fields["quantity"].widget.attrs["inputmode"] = "decimal"


class EventForm(forms.Form):
    """One form for every kind; the view shows only the fields that kind uses."""

    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    commune = forms.ModelChoiceField(
        label=_("Where (commune)"), queryset=Commune.objects.none(), required=False
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, min_value=Decimal("0"), max_digits=12, decimal_places=3
    )
    quantity_unit = forms.ChoiceField(
        label=_("Counted in"),
        choices=PlantingUnit.choices,
        initial=PlantingUnit.TREE,
        required=False,
    )
    input_product = forms.CharField(
        label=_("Fertiliser or pesticide"), required=False, max_length=120
    )
    dose = forms.CharField(
        label=_("Dose"), required=False, max_length=60, help_text=_("e.g. 2 kg per 1000 m²")
    )
    phi_days = forms.IntegerField(
        label=_("Pre-harvest interval (days)"),
        required=False,
        min_value=0,
        max_value=365,
        help_text=_("On the product's label: days to wait before harvesting."),
    )
    certificate_name = forms.CharField(
        label=_("Certificate or inspection"),
        required=False,
        max_length=120,
        help_text=_("e.g. VietGAP, organic"),
    )
    document = DocumentField(
        max_bytes=DOCUMENT_MAX_BYTES,
        label=_("Photo of the document"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*,application/pdf", "capture": "environment"}
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    FIELDS_BY_KIND = {
        EventKind.PLANTING: ["occurred_at", "commune", "quantity", "quantity_unit", "notes"],
        EventKind.INPUT: ["occurred_at", "input_product", "dose", "phi_days", "notes"],
        EventKind.HARVEST: ["occurred_at", "commune", "quantity", "notes"],
        EventKind.PROCESSING: ["occurred_at", "commune", "notes"],
        EventKind.PACKING: ["occurred_at", "commune", "quantity", "notes"],
        EventKind.INSPECTION: ["occurred_at", "certificate_name", "document", "notes"],
        EventKind.SHIPPING: ["occurred_at", "commune", "quantity", "notes"],
        EventKind.RECEIVING: ["occurred_at", "commune", "quantity", "notes"],
    }

    def __init__(self, *args, kind, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = self.FIELDS_BY_KIND[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "commune" in self.fields:
            self.fields["commune"].queryset = (
                communes if communes is not None else Commune.objects.none()
            )
        if kind == EventKind.INPUT:
            self.fields["input_product"].required = True
            self.fields["phi_days"].required = True
            self.fields["phi_days"].widget.attrs["inputmode"] = "numeric"
        if kind == EventKind.INSPECTION:
            self.fields["certificate_name"].required = True
        self.initial.setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quantity") is not None and "quantity_unit" in self.fields:
            if not cleaned.get("quantity_unit"):
                self.add_error("quantity_unit", _("Say what the planting is counted in."))
        return cleaned


class SplitForm(forms.Form):
    parts = forms.CharField(
        label=_("Quantities of the packed lots"),
        help_text=_("Separated by spaces or semicolons, e.g. 10 10 5"),
        max_length=500,
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    best_before = forms.DateField(label=_("Best before"), required=False, widget=DateInput())

    def clean_parts(self):
        raw = self.cleaned_data["parts"].replace(";", " ").replace(",", ".").split()
        try:
            parts = [Decimal(p) for p in raw]
        except InvalidOperation:
            raise forms.ValidationError(_("Write numbers only, e.g. 10 10 5")) from None
        if any(not p.is_finite() for p in parts):  # "NaN", "Infinity"
            raise forms.ValidationError(_("Write numbers only, e.g. 10 10 5"))
        if not parts or len(parts) > 100 or any(p <= 0 or p >= 10**9 for p in parts):
            raise forms.ValidationError(_("Give 1 to 100 quantities, each above zero."))
        return parts


class RecallForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it recalled?"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class LabelsForm(forms.Form):
    count = forms.IntegerField(label=_("Number of labels"), min_value=1, max_value=300, initial=24)
