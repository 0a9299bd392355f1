from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache


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
