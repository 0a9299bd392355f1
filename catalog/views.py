"""Public catalog pages: the product list with its filters, and one product."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from marketplace.core.http_cache import public_page

from . import selectors
from .filters import ProductFilter

PAGE_SIZE = 24


@public_page(max_age=60)  # filtered lists are many and not purged one by one
def product_list(request):
    filterset = ProductFilter(request.GET, queryset=selectors.product_list())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    category_counts = selectors.category_counts(
        filterset.without("category"), {c.pk: c.parent_id for c in filterset.categories}
    )
    star_counts = selectors.star_counts(filterset.without("stars"))
    categories = [c for c in filterset.categories if not c.parent_id]
    for category in filterset.categories:
        category.count = category_counts.get(category.pk, 0)
    for category in categories:
        category.subcategories = [
            c for c in filterset.categories if c.parent_id == category.pk and c.count
        ]
    return render(
        request,
        "catalog/product_list.html",
        {
            "filter": filterset,
            "page": page,
            "categories": [c for c in categories if c.count],
            "star_counts": [(n, star_counts[str(n)]) for n in (3, 4, 5)],
            "selected_category": request.GET.get("category", ""),
            "selected_stars": request.GET.get("stars", ""),
        },
    )


@public_page
def product_detail(request, slug):
    product = selectors.product_detail(slug=slug)
    if product is None:
        raise Http404
    return render(request, "catalog/product_detail.html", {"product": product})
