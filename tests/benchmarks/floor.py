"""The floor every page is measured against: the barest Django page of the same data.

24 live products, newest first, with their price, and how many there are: two
queries, one small template, no middleware work of ours beyond what every page pays.
`?page=N` is honoured as the catalog honours it (OFFSET, out-of-range pages answered
with the last one), so that page N of the catalog is compared with page N here.
`make bench` times it in the same run as the real pages; `loadtest` serves it beside
the site (this module is then the URLconf) so that wrk measures both over HTTP.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from catalog.models import Product, ProductStatus
from catalog.paging import PAGE_SIZE
from marketplace.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "/floor/"
_TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title></head>
<body><h1>{{ count }} products, page {{ page }}</h1><ul>{% for p in products %}
<li><a href="/san-pham/{{ p.slug }}/">{{ p.name }}</a> {{ p.price }} ₫</li>{% endfor %}
</ul></body></html>"""
)


def _page_number(raw: str | None, count: int) -> int:
    last = max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), last)


def floor(request):
    live = Product.objects.filter(status=ProductStatus.LIVE)
    count = live.count()
    page = _page_number(request.GET.get("page"), count)
    offset = (page - 1) * PAGE_SIZE
    newest = live.order_by("-created_at", "-pk").only("name", "slug", "price")
    context = {"count": count, "page": page, "products": list(newest[offset : offset + PAGE_SIZE])}
    return HttpResponse(_TEMPLATE.render(context, request))


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *site_urlpatterns]
