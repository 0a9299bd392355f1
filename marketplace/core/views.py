from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from .http_cache import LANGUAGE_PREFIXES, cache_for_visitors
from .seo import absolute_url


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@cache_control(public=True, max_age=86400)
def favicon(request):
    """`/favicon.ico`, which browsers and crawlers ask for whatever the page's `<link>`
    says: the static icon (its URL carries a hash in production, hence no fixed copy)."""
    return HttpResponseRedirect(static("img/favicon.ico"))


# What crawlers have no business with, by first path segment, in each language: a
# shop's portal, cart and checkout, orders, accounts and passwords, notifications,
# officers' pages (tests/core/test_robots.py keeps every such page covered). And trace
# pages: each GET of one counts as a scan of the lot's QR, which its seller reads; they
# are for people holding the package (the sitemap does not list them either).
ROBOTS_DISALLOWED = (
    "cua-hang-cua-toi",
    "gio-hang",
    "thanh-toan",
    "don-hang",
    "dang-nhap",
    "dang-xuat",
    "dang-ky",
    "quen-mat-khau",
    "kich-hoat",
    "thong-bao",
    "can-bo",
    "t",
)
# Outside the language prefix: the two administrations, the language switch, webhooks.
ROBOTS_DISALLOWED_ROOT = ("/admin/", "/django-admin/", "/i18n/", "/stripe/", "/giao-hang/")
ROBOTS_SECONDS = 86400


def robots_txt(request):
    """/robots.txt: everything public is allowed but the prefixes above; the sitemap's
    absolute address (SITE_URL)."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED_ROOT]
    lines += [
        f"Disallow: {prefix}/{segment}/"
        for prefix in LANGUAGE_PREFIXES
        for segment in ROBOTS_DISALLOWED
    ]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap_index'))}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return cache_for_visitors(request, response, max_age=ROBOTS_SECONDS)
