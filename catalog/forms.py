from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.core.forms import MoneyField
from marketplace.core.text import html_as_text
from marketplace.core.uploads import DocumentField, PhotoField, SpreadsheetField
from marketplace.regions.models import Province
from marketplace.sellers.models import Household, Seller

from .certificates import SCAN_MAX_BYTES
from .importer import MAX_BYTES as IMPORT_MAX_BYTES
from .models import Category, CertificateStatus, OcopCertificate, Product, ProductStatus
from .registry import MAX_BYTES as REGISTRY_MAX_BYTES


class ProductForm(forms.ModelForm):
    price = MoneyField(
        label=_("Price (dong)"),
        help_text=_("As you write it: 85.000, 85k, 1,2 triệu."),
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=10**9, initial=0)
    # A tonne is far past any parcel; empty is "not known", as 0.
    weight_grams = forms.IntegerField(
        label=_("Shipping weight of one unit (grams)"),
        min_value=0,
        max_value=10**6,
        required=False,
        initial=0,
        help_text=_("Packed, e.g. 1200 for 1,2 kg. Leave 0 if you do not know."),
    )
    max_per_order = forms.IntegerField(
        label=_("Most one buyer can order at once"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leave empty for no limit beyond the stock."),
    )
    status = forms.ChoiceField(
        label=_("Show on the site"),
        choices=[
            (ProductStatus.LIVE, _("Yes, on sale")),
            (ProductStatus.DRAFT, _("Not yet (draft)")),
        ],
        initial=ProductStatus.LIVE,
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "price",
            "unit",
            "stock",
            "status",
            "description",
            "weight_grams",
            "local_only",
            "max_per_order",
            "sku",
            "producer",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, seller: Seller, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(
            "parent__position", "position"
        )
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.parent.name} › {c.name}" if c.parent_id else c.name
        )
        if self.instance.pk and not self.is_bound:
            self.initial["description"] = html_as_text(self.instance.description)
        self.fields["stock"].widget.attrs.update(inputmode="numeric")
        self.fields["weight_grams"].widget.attrs.update(inputmode="numeric")
        self.fields["max_per_order"].widget.attrs.update(inputmode="numeric")
        if seller.cooperative_id:
            self.fields["producer"].queryset = Household.objects.filter(
                cooperativemembership__cooperative=seller.cooperative_id,
                cooperativemembership__ended_at__isnull=True,
            )
            self.fields["producer"].label = _("Produced by (member household)")
        else:
            del self.fields["producer"]

    def clean_weight_grams(self) -> int:
        return self.cleaned_data["weight_grams"] or 0


class PhotoForm(forms.Form):
    photo = PhotoField(label=_("Add a photo"), help_text=_("JPEG, PNG or WebP, up to 8 MB."))

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = required


class CertificateForm(forms.ModelForm):
    scan = DocumentField(
        max_bytes=SCAN_MAX_BYTES,
        label=_("Scan or photo of the certificate"),
        help_text=_(
            "A photo (JPEG, PNG, WebP) or a PDF. An officer checks it before the stars show."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )

    class Meta:
        model = OcopCertificate
        fields = ["stars", "product_group", "decision_number", "decision_date", "issuing_authority"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CertificateDecisionForm(forms.Form):
    """What an officer decides on one certificate; a rejection needs its reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CertificateStatus.VERIFIED, _("Verified: the scan matches the province's decision")),
            (CertificateStatus.REJECTED, pgettext_lazy("certificate status", "Rejected")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the seller reads it)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        rejected = data.get("decision") == CertificateStatus.REJECTED
        if rejected and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the certificate is rejected."))
        return data


class ImportForm(forms.Form):
    file = SpreadsheetField(
        max_bytes=IMPORT_MAX_BYTES,
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Columns: name, category, price, unit, stock, description, sku."),
    )


class AfterImportForm(forms.Form):
    """One row per imported product: a photo (optional) and "put on sale" (ticked)."""

    publish = forms.ModelMultipleChoiceField(
        label=_("Put on sale"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, products: list[Product], **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        self.fields["publish"].queryset = Product.objects.filter(
            pk__in=[p.pk for p in products if p.status == ProductStatus.DRAFT]
        )
        for product in products:
            self.fields[self.photo_name(product)] = PhotoField(
                label=_("Photo of %(name)s") % {"name": product.name}, required=False
            )

    @staticmethod
    def photo_name(product: Product) -> str:
        return f"photo-{product.pk}"

    def photos(self):
        for product in self.products:
            upload = self.cleaned_data.get(self.photo_name(product))
            if upload:
                yield product, upload


class RegistryImportForm(forms.Form):
    """A province's published list of OCOP products, for a province of the administrator's."""

    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    file = SpreadsheetField(
        max_bytes=REGISTRY_MAX_BYTES,
        label=_("The province's list (CSV or XLSX)"),
        help_text=_("Columns: Số quyết định, Tên sản phẩm, Chủ thể, Số sao, Ngày quyết định."),
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
