"""Which public pages a shared cache (the nginx in front, a CDN) may keep, and purging them.

A page is shared only when nothing on it belongs to the visitor: not logged in, no
session (a cart, a message), no cookie set by the response, and no CSRF token in
it (a cached token would fail everyone else's form). Everything else is private.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

LANGUAGE_PREFIXES = ("", "/en")  # Vietnamese without a prefix, English under /en/
CACHEABLE_STATUSES = {200, 301, 307, 308}  # 307: the GS1 Digital Link resolver


def is_personal(request, response) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
    )


def cache_for_visitors(request, response, *, max_age: int | None = None):
    """Mark `response` cacheable by shared caches for `max_age` seconds, or private."""
    patch_vary_headers(response, ["Cookie"])
    if response.status_code not in CACHEABLE_STATUSES or is_personal(request, response):
        patch_cache_control(response, private=True, max_age=0)
        return response
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_SECONDS if max_age is None else max_age,
        stale_while_revalidate=settings.PUBLIC_CACHE_STALE_SECONDS,
    )
    return response


def public_page(view=None, *, max_age: int | None = None):
    """View decorator: `cache_for_visitors` on what the view returns."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return cache_for_visitors(request, view(request, *args, **kwargs), max_age=max_age)

        return wrapped

    return decorate(view) if view else decorate


VISITOR_CACHE_SECONDS = 60
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage: a message to show


def kept_for_visitors(
    request, build: Callable, *, version: str, seconds: int = VISITOR_CACHE_SECONDS
):
    """What `build()` answers, kept `seconds` in the site's cache for visitors.

    The response nginx may share (`cache_for_visitors` made it public) is kept here
    too, so that a site without the proxy, or a proxy's miss, does not render the
    same page again for every visitor. Under `version`, which the caller derives from
    what the page shows (the catalog's version, a page's publication): a change there
    is seen at once; what no version follows (stock) within `seconds`. A visitor with
    a session (a cart, a login) or a message waiting is always served fresh, and so is
    anything but GET.
    """
    personal = {settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE} & set(request.COOKIES)
    if request.method != "GET" or personal:
        return build()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"visitor:{version}:{translation.get_language()}:{path}"
    response = cache.get(key)
    if response is not None:
        return response
    response = build()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    shared = "public" in response.get("Cache-Control", "")
    if response.status_code == 200 and shared and not response.cookies:
        cache.set(key, response, seconds)
    return response


def path_of(name: str, *args) -> str:
    """A public page's path without the language prefix, for `purge_later`."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def purging_on() -> bool:
    return bool(settings.WAGTAILFRONTENDCACHE)


def purge_later(paths) -> None:
    """Purge `paths` (in every language) from the proxies once the change is committed.

    Off when no proxy is configured (settings.WAGTAILFRONTENDCACHE empty); the purge
    itself runs as a task, so a slow proxy never holds up the seller's page."""
    if not purging_on():
        return
    urls = sorted(
        {settings.SITE_URL + prefix + path for path in paths for prefix in LANGUAGE_PREFIXES}
    )
    transaction.on_commit(lambda: purge_urls_from_cache(urls))
