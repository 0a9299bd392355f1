"""What search engines and chat apps read of a page: its address in each language, the
canonical one, and absolute URLs on SITE_URL.

Absolute on SITE_URL rather than on the request's host: a crawler, Zalo or Facebook
must be sent to the public site whichever host (a node's address, a proxy) answered.
"""

import json
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# Open Graph writes locales the POSIX way.
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def absolute_url(url: str) -> str:
    """`url` on SITE_URL; an URL already absolute (a photo on object storage) as it is."""
    if urlsplit(url).scheme:
        return url
    return settings.SITE_URL + url


def page_path_in(request, language: str) -> str:
    """The path of the current page in `language`, without its query.

    From the request's own match, reversed in the other language: `translate_url`
    would resolve the path again, through every pattern before Wagtail's catch-all.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None:
        try:
            with translation.override(language):
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            pass
    return translate_url(request.path, language)


def page_addresses(request, query: dict | None = None) -> dict:
    """The canonical URL of the current page and its alternates: {language: url}, with
    "x-default" (the Vietnamese page, the site's default). `query` is what of the query
    string belongs to the page (a catalog's category and page); the rest (tracking tags,
    a search) is left out, so that every variant points at one address."""
    suffix = f"?{urlencode(query)}" if query else ""
    alternates = {
        language: absolute_url(page_path_in(request, language)) + suffix
        for language, _name in settings.LANGUAGES
    }
    alternates["x-default"] = alternates[settings.LANGUAGE_CODE]
    language = translation.get_language() or settings.LANGUAGE_CODE
    canonical = alternates.get(language, alternates["x-default"])
    return {"canonical": canonical, "alternates": alternates}


# The photo chat apps and search engines show of a page: 1.91:1 as Facebook, Zalo and
# Messenger draw a shared link's card, and JPEG because not every chat app's preview
# takes WebP. Made after the upload with a product's or a cover's other sizes.
SHARE_RENDITION = "fill-1200x630|format-jpeg|jpegquality-80"

# JSON inside <script>: "</script>" or "<!--" in a product's name must not end the element
# or open a comment; as django.utils.html.json_script does, which only writes
# type="application/json".
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """`data` as a JSON-LD block. Data, not code: browsers run no script of this type,
    so the site's CSP (script-src 'self', no inline script) has nothing to allow."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
