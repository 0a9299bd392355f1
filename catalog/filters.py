"""The public catalog's filters: GET parameters in, a queryset out; bad values are ignored
(each with its message on the form), a long search is cut to fit."""

import copy
import json
import string
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.core.forms import MoneyField, MoneyInput
from marketplace.core.money import format_vnd
from marketplace.core.params import id_from
from marketplace.core.text import fold
from marketplace.regions.models import Commune

from .models import Category, Product, ProductStatus
from .search import filter_words
from .selectors import categories_all
from .widgets import PlainSelect

# Left out of the facet query: category and stars are counted option by option
# (see selectors.Facets), and the order changes no count.
NOT_IN_FACETS = ("category", "stars", "sort")
MAX_QUERY_WORDS = 6
MAX_QUERY_LENGTH = 100
WORD_EDGES = string.punctuation + "“”‘’…–—"
PLACES_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Chip:
    """An active filter shown above the results: what it is, and a link without it."""

    param: str
    label: str
    href: str


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


def query_shortened(text: str) -> str:
    """The first whole words of `text` that a search takes: MAX_QUERY_WORDS words and
    MAX_QUERY_LENGTH characters at most (a single longer word is cut)."""
    kept: list[str] = []
    for word in text.split()[:MAX_QUERY_WORDS]:
        if len(" ".join([*kept, word])) > MAX_QUERY_LENGTH:
            break
        kept.append(word)
    return " ".join(kept) or text.strip()[:MAX_QUERY_LENGTH]


class SearchField(forms.CharField):
    """The words typed, cut to what a search takes rather than refused: a pasted
    paragraph still searches its first words (the page says so)."""

    def to_python(self, value):
        return query_shortened(super().to_python(value))

    def bound_data(self, data, initial):
        return self.to_python(data)  # the box shows the words searched


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class PriceInput(MoneyInput):
    low_note = _("Under 1.000 ₫: is a “.000” missing?")


class PriceField(MoneyField):
    """A price bound typed as people write it ("100.000", "100k"): core.money.parse_vnd."""

    widget = PriceInput

    def bound_data(self, data, initial):
        # Read, the box shows the amount as the page used it ("100k" as "100.000");
        # not understood, as typed, beside its message.
        try:
            return self.to_python(data)
        except ValidationError:
            return data


class PriceFilter(django_filters.Filter):
    field_class = PriceField


def _places_with_live_products() -> tuple[list, list]:
    """(provinces, communes) that have live products: the filter's options.

    Cached a few minutes: it scans the product table, and a new place may wait that long.
    """

    def load():
        # One probe of the origin-commune index per commune, rather than a read of
        # every product to collect the communes they come from; provinces come along.
        live = Product.objects.filter(status=ProductStatus.LIVE, origin_commune=OuterRef("pk"))
        rows = list(
            Commune.objects.filter(Exists(live))
            .order_by("name_folded")
            .values_list("pk", "name", "province_id", "province__name", "province__name_folded")
        )
        provinces = sorted({(row[4], row[2], row[3]) for row in rows})
        communes = [row[:3] for row in rows]
        return [(pk, name) for _folded, pk, name in provinces], communes

    return cache.get_or_set("catalog:places", load, PLACES_CACHE_SECONDS)


class CopiedOneLevel(dict):
    """Filters or form fields that each request copies one level down, not all the way.

    django-filter deep-copies every filter, and Django every form field with its widget
    and choices, for each request (about 400 `deepcopy` calls a catalog page). What a
    request changes here is the filter's form and parent, a field's choices and its
    widget's: those get their own copies; labels, validators and messages are shared.
    """

    def __deepcopy__(self, memo):
        return {name: _copy_one_level(item) for name, item in self.items()}


def _copy_one_level(item):
    clone = copy.copy(item)
    if isinstance(item, django_filters.Filter):
        clone.method = item.method  # binds a new FilterMethod to the clone
        return clone
    clone.widget = copy.copy(item.widget)
    clone.widget.attrs = dict(item.widget.attrs)
    return clone


class ProductFilter(django_filters.FilterSet):
    q = SearchFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. keo dua, nuoc mam")}
        ),
    )
    category = django_filters.TypedChoiceFilter(
        label=_("Category"), method="filter_category", widget=PlainSelect
    )
    province = django_filters.TypedChoiceFilter(
        label=_("Province"),
        coerce=int,
        field_name="origin_commune__province_id",
        widget=PlainSelect,
    )
    commune = django_filters.TypedChoiceFilter(
        label=_("Commune"),
        coerce=int,
        field_name="origin_commune_id",
        widget=PlainSelect,
    )
    stars = django_filters.TypedChoiceFilter(
        label=_("OCOP stars"),
        choices=[
            ("", pgettext_lazy("catalog filter", "Any")),
            (3, _("3 stars or more")),
            (4, _("4 stars or more")),
            (5, _("5 stars")),
        ],
        coerce=int,
        field_name="ocop_stars",
        lookup_expr="gte",
        widget=PlainSelect,
    )
    price_min = PriceFilter(label=_("Price from"), field_name="price", lookup_expr="gte")
    price_max = PriceFilter(label=_("Price up to"), field_name="price", lookup_expr="lte")
    in_stock = django_filters.BooleanFilter(
        label=_("In stock only"), method="filter_in_stock", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=pgettext_lazy("catalog filter", "Sort by"),
        choices=SortChoices.choices,
        method="filter_sort",
        empty_label=None,
        widget=PlainSelect,
    )

    class Meta:
        model = Product
        fields = []

    def get_form_class(self):
        # django-filter builds a new form class, field by field, for every request;
        # ours has the same fields each time (options are set per request below).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
            cls._form_class.base_fields = CopiedOneLevel(cls._form_class.base_fields)
        return cls._form_class

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shared by the options, validation and the tree; each request gets its own copies.
        self.categories = categories_all()
        self.categories_by_slug = {c.slug: c for c in self.categories}
        self.form.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, ("— " if c.parent_id else "") + c.display_name) for c in self._tree_order()
        ]
        provinces, communes = _places_with_live_products()
        self.province_names = dict(provinces)
        self.commune_names = {pk: name for pk, name, _province in communes}
        province = id_from(self.data.get("province"))
        if province is not None:
            communes = [c for c in communes if c[2] == province]
        self.form.fields["province"].choices = [("", _("All provinces")), *provinces]
        self.form.fields["commune"].choices = [
            ("", _("All communes")),
            *((pk, name) for pk, name, _province in communes),
        ]

    def _tree_order(self) -> list[Category]:
        """Each top-level category followed by its own children."""
        ordered = []
        for parent in (c for c in self.categories if not c.parent_id):
            ordered.append(parent)
            ordered.extend(c for c in self.categories if c.parent_id == parent.pk)
        return ordered

    def query_shortened(self) -> str | None:
        """The words searched, when the query typed was longer than a search takes."""
        typed = " ".join(str(self.data.get("q") or "").split())
        searched = self.form.cleaned_data.get("q") or ""
        return searched if searched and searched != typed else None

    @staticmethod
    def query_words(value: str) -> list[str]:
        # Both sides folded: "nuoc mam" and "Nước Mắm" meet at "nuoc mam"; every
        # word must appear, in any order, so the same words in another order are
        # the same search. Punctuation around a word is not part of it ("Mỏ Cày," pasted
        # from a message).
        words = (word.strip(WORD_EDGES) for word in fold(value or "").split()[:MAX_QUERY_WORDS])
        return sorted({word for word in words if word})

    @cached_property
    def category_words(self) -> frozenset[str]:
        return frozenset(
            word for c in self.categories for word in fold(f"{c.name} {c.name_en}").split()
        )

    def filter_q(self, queryset, name, value):
        # A word that names a category ("tra", "keo") is matched as a whole word, so
        # that "tra" finds the teas and not "Trái cây"; other words anywhere.
        words = self.query_words(value)
        whole = frozenset(w for w in words if w in self.category_words)
        return filter_words(queryset, words, whole)

    def category_ids(self, slug: str | None = None) -> set[int] | None:
        """The chosen category and its children; None when no (valid) category is chosen."""
        slug = self.form.cleaned_data.get("category") if slug is None else slug
        category = self.categories_by_slug.get(slug or "")
        if category is None:
            return None
        return {category.pk} | {c.pk for c in self.categories if c.parent_id == category.pk}

    def category_chosen(self) -> Category | None:
        return self.categories_by_slug.get(self.form.cleaned_data.get("category") or "")

    def min_stars(self) -> int | None:
        return self.form.cleaned_data.get("stars") or None

    def filter_category(self, queryset, name, value):
        # One index each: a whole branch by its top, a subcategory by itself.
        category = self.categories_by_slug[value]
        if category.parent_id:
            return queryset.filter(category_id=category.pk)
        return queryset.filter(category_top_id=category.pk)

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SortChoices.order.get(value, SortChoices.order["newest"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SortChoices.order["newest"])
        return queryset

    def _given(self) -> dict:
        """The valid filters the visitor set (an unticked box sets nothing)."""
        return {
            field: value
            for field, value in self.form.cleaned_data.items()
            if value is not None and value is not False and value != ""
        }

    def _facet_filters(self) -> dict:
        return {f: v for f, v in self._given().items() if f not in NOT_IN_FACETS}

    def without_facets(self):
        """The same filters minus category and stars, whose options show counts."""
        queryset = self.queryset.all()
        for field, value in self._facet_filters().items():
            queryset = self.filters[field].filter(queryset, value)
        return queryset

    def kept_facets_place(self) -> dict | None:
        """The place to read the kept facet counts for (catalog.facets), or None when
        another filter (words, price, stock) needs the products grouped instead."""
        filters = self._facet_filters()
        if set(filters) - {"province", "commune"}:
            return None
        return {f"{field}_id": value for field, value in filters.items()}

    def facets_key(self) -> str:
        """`without_facets()` as a stable string: equal filters, equal key."""
        return self._key(self._facet_filters())

    def results_key(self) -> str:
        """Every valid filter and the order as a stable string: equal results, equal key."""
        return self._key(self._given())

    def _key(self, filters: dict) -> str:
        normalised = {
            field: self.query_words(value) if field == "q" else str(value)
            for field, value in filters.items()
        }
        return json.dumps(normalised, sort_keys=True)

    def canonical_query(self, *, page: int) -> dict:
        """What of the query string names this list for search engines: the category,
        and the page of a list filtered by nothing else. A search, another filter or an
        order shows a variant of the category's list, and names that list's first page:
        one address to index per category, not one per combination of filters."""
        given = self._given()
        query = {"category": given["category"]} if "category" in given else {}
        if page > 1 and set(given) <= {"category"}:
            query["page"] = page
        return query

    def chips(self, *, path: str, params) -> list[Chip]:
        """The valid filters set, each with a link to the same list without it.

        `params` is the request's GET; the page number goes with any filter removed
        (page 3 of another list means nothing), the order stays. No query.
        """
        chips = []
        for field, value in self._given().items():
            label = self._chip_label(field, value)
            if label is None:
                continue
            rest = params.copy()
            for key in (field, "page"):
                rest.pop(key, None)
            chips.append(Chip(field, label, f"{path}?{rest.urlencode()}" if rest else path))
        return chips

    def _chip_label(self, field: str, value) -> str | None:
        if field == "q":
            return _("Search: %(words)s") % {"words": value}
        if field == "category":
            category = self.categories_by_slug.get(value)
            return category.display_name if category else None
        if field == "province":
            return self.province_names.get(value)
        if field == "commune":
            return self.commune_names.get(value)
        if field == "stars":
            return _("%(n)s stars or more") % {"n": value}
        if field == "price_min":
            return _("From %(price)s") % {"price": format_vnd(value)}
        if field == "price_max":
            return _("Up to %(price)s") % {"price": format_vnd(value)}
        if field == "in_stock":
            return str(_("In stock only"))
        return None  # the order is not a filter


ProductFilter.base_filters = CopiedOneLevel(ProductFilter.base_filters)
