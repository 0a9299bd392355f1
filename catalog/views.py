"""Public catalog pages: the product list with its filters, and one product."""

from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from marketplace.core.http_cache import kept_for_visitors, public_page

from . import selectors
from .facets import catalog_facets
from .filters import ProductFilter
from .paging import PAGE_SIZE, CountedPaginator
from .suggestions import product_names_near

# Fewer results than this for a search, and names near it are offered too.
SUGGEST_BELOW = 3


def _categories_counted(filterset, facets, *, min_stars):
    """The top categories with their product counts and their non-empty subcategories."""
    category_counts = facets.per_category(
        min_stars=min_stars, parents={c.pk: c.parent_id for c in filterset.categories}
    )
    categories = [c for c in filterset.categories if not c.parent_id]
    for category in filterset.categories:
        category.count = category_counts.get(category.pk, 0)
    for category in categories:
        category.subcategories = [
            c for c in filterset.categories if c.parent_id == category.pk and c.count
        ]
    return categories


def _help_for_few(filterset, *, found: int) -> dict:
    """Instead of an empty page: categories the words name and what is new; and for a
    search that found little, the product names nearest to it ("keo dau": Kẹo dừa...)."""
    query = filterset.form.cleaned_data.get("q") or ""
    words = filterset.query_words(query)
    return {
        "suggested_categories": selectors.category_suggestions(words=words) if not found else [],
        "newest": selectors.products_newest() if not found else [],
        # Read only when the results' cached HTML is missing, like the page's rows.
        "names_near": (
            SimpleLazyObject(partial(product_names_near, text=query))
            if query and found < SUGGEST_BELOW
            else []
        ),
    }


def product_list(request):
    return kept_for_visitors(
        request, partial(_product_list, request), version=selectors.catalog_cache_prefix()
    )


@public_page(max_age=60)  # filtered lists are many and not purged one by one
def _product_list(request):
    filterset = ProductFilter(request.GET, queryset=selectors.product_list())
    filterset.is_valid()
    facets = catalog_facets(
        queryset=filterset.without_facets(),
        filters_key=filterset.facets_key(),
        place=filterset.kept_facets_place(),
    )
    category_ids, min_stars = filterset.category_ids(), filterset.min_stars()
    total = facets.total(category_ids=category_ids, min_stars=min_stars)
    paginator = CountedPaginator(filterset.qs, PAGE_SIZE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    # Read only when the results' cached HTML is missing (see the template).
    page.object_list = SimpleLazyObject(
        partial(
            selectors.product_page,
            queryset=filterset.qs,
            offset=(page.number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            filters_key=filterset.results_key(),
        )
    )
    categories = _categories_counted(filterset, facets, min_stars=min_stars)
    star_counts = facets.per_stars(category_ids=category_ids)
    return render(
        request,
        "catalog/product_list.html",
        {
            "filter": filterset,
            "page": page,
            "categories": [c for c in categories if c.count],
            "star_counts": [(n, star_counts[n]) for n in (3, 4, 5)],
            "selected_category": request.GET.get("category", ""),
            "selected_stars": request.GET.get("stars", ""),
            "chips": filterset.chips(path=request.path, params=request.GET),
            "query_shortened": filterset.query_shortened(),
            "canonical_query": filterset.canonical_query(page=page.number),
            **_help_for_few(filterset, found=paginator.count),
            # The filters' HTML (counts, options) is cached per URL under this version,
            # the results' per filters and page: a product change starts a new version.
            "filters_version": selectors.catalog_cache_prefix(),
            "results_key": f"{filterset.results_key()}:{page.number}",
        },
    )


def product_detail(request, slug):
    return kept_for_visitors(
        request, partial(_product_detail, request, slug), version=selectors.lots_cache_prefix()
    )


@public_page
def _product_detail(request, slug):
    product = selectors.product_detail(slug=slug)
    if product is None:
        raise Http404
    return render(request, "catalog/product_detail.html", {"product": product})
