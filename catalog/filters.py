"""The public catalog's filters: GET parameters in, a queryset out; bad values are ignored."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.params import id_from
from marketplace.core.text import fold
from marketplace.regions.models import Commune, Province

from .models import Category, Product, ProductStatus

MAX_PRICE = 10**12
MAX_QUERY_WORDS = 6
PLACES_CACHE_SECONDS = 300


class SortChoices:
    choices = [
        ("newest", _("Newest")),
        ("price", _("Price: low to high")),
        ("-price", _("Price: high to low")),
        ("stars", _("OCOP stars")),
    ]
    order = {
        "newest": ("-created_at", "-pk"),
        "price": ("price", "-pk"),
        "-price": ("-price", "-pk"),
        "stars": ("-ocop_stars", "-created_at", "-pk"),
    }


def _places_with_live_products() -> tuple[list, list]:
    """(provinces, communes) that have live products: the filter's options.

    Cached a few minutes: it scans the product table, and a new place may wait that long.
    """

    def load():
        live = Product.objects.filter(status=ProductStatus.LIVE)
        communes = list(
            Commune.objects.filter(pk__in=live.values("origin_commune"))
            .order_by("name_folded")
            .values_list("pk", "name", "province_id")
        )
        provinces = list(
            Province.objects.filter(pk__in={c[2] for c in communes})
            .order_by("name_folded")
            .values_list("pk", "name")
        )
        return provinces, communes

    return cache.get_or_set("catalog:places", load, PLACES_CACHE_SECONDS)


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. keo dua, nuoc mam")}
        ),
    )
    category = django_filters.TypedChoiceFilter(label=_("Category"), method="filter_category")
    province = django_filters.TypedChoiceFilter(
        label=_("Province"),
        coerce=int,
        field_name="origin_commune__province_id",
    )
    commune = django_filters.TypedChoiceFilter(
        label=_("Commune"),
        coerce=int,
        field_name="origin_commune_id",
    )
    stars = django_filters.TypedChoiceFilter(
        label=_("OCOP stars"),
        choices=[
            ("", _("Any")),
            (3, _("3 stars or more")),
            (4, _("4 stars or more")),
            (5, _("5 stars")),
        ],
        coerce=int,
        field_name="ocop_stars",
        lookup_expr="gte",
    )
    price_min = django_filters.NumberFilter(
        label=_("Price from"),
        field_name="price",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_PRICE,
        decimal_places=0,
    )
    price_max = django_filters.NumberFilter(
        label=_("Price up to"),
        field_name="price",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_PRICE,
        decimal_places=0,
    )
    in_stock = django_filters.BooleanFilter(
        label=_("In stock only"), method="filter_in_stock", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortChoices.choices, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Product
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for the categories, shared by the options, validation and the tree.
        self.categories = list(Category.objects.order_by("position", "name"))
        self.categories_by_slug = {c.slug: c for c in self.categories}
        self.form.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, ("— " if c.parent_id else "") + c.name) for c in self.categories
        ]
        provinces, communes = _places_with_live_products()
        province = id_from(self.data.get("province"))
        if province is not None:
            communes = [c for c in communes if c[2] == province]
        self.form.fields["province"].choices = [("", _("All provinces")), *provinces]
        self.form.fields["commune"].choices = [
            ("", _("All communes")),
            *((pk, name) for pk, name, _province in communes),
        ]

    def filter_q(self, queryset, name, value):
        # Both sides folded: "nuoc mam" and "Nước Mắm" meet at "nuoc mam"; every
        # word must appear, in any order. name_folded is lower case already, so a
        # plain LIKE (which PostgreSQL's trigram index serves) is case-insensitive.
        for word in fold(value).split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(name_folded__contains=word)
        return queryset

    def filter_category(self, queryset, name, value):
        category = self.categories_by_slug[value]
        return queryset.filter(Q(category=category) | Q(category__parent=category))

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SortChoices.order.get(value, SortChoices.order["newest"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SortChoices.order["newest"])
        return queryset

    def without(self, name: str):
        """The same filters minus one, for the counts shown next to that filter's options."""
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field not in (name, "sort") and value not in (None, ""):
                queryset = self.filters[field].filter(queryset, value)
        return queryset
