"""The head's links and share tags: `{% page_links %}` (canonical, hreflang alternates)
and `{% share_tags %}` (Open Graph and Twitter cards: what Zalo, Facebook and Messenger
show of a shared link), both in base.html. A page names what of its query string is
part of its address in the context as `canonical_query` (a dict; none by default)."""

import html

from django import template
from django.conf import settings
from django.template.loader_tags import BlockNode
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags

from marketplace.core.seo import OG_LOCALES, SHARE_RENDITION, absolute_url, page_addresses

register = template.Library()

# static/img/share.png: the site's card for pages without a photo of their own.
DEFAULT_IMAGE = ("img/share.png", 1200, 630)


def _addresses(context) -> dict | None:
    request = context.get("request")
    if request is None:
        return None
    return page_addresses(request, context.get("canonical_query"))


def _block_text(context, name: str) -> str:
    """What the page's `{% block name %}` says, as plain text: the title and the
    description are written once, for <title> and the meta description, and said
    again to chat apps. Rendered the way Django renders a block (the most derived
    template's, with `block.super`)."""
    rendered = BlockNode(name, template.NodeList()).render(context)
    return " ".join(html.unescape(strip_tags(rendered)).split())


@register.inclusion_tag("core/page_links.html", takes_context=True)
def page_links(context):
    return {"addresses": _addresses(context)}


@register.inclusion_tag("core/share_tags.html", takes_context=True)
def share_tags(context, kind: str = "website", image=None, image_alt: str = ""):
    """`image`: a Wagtail rendition (its URL, width and height), else the site's card."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if image is not None:
        url, width, height = absolute_url(image.url), image.width, image.height
    else:
        path, width, height = DEFAULT_IMAGE
        url = absolute_url(static(path))
    addresses = _addresses(context)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "kind": kind,
        "title": _block_text(context, "title") or settings.WAGTAIL_SITE_NAME,
        "description": _block_text(context, "description"),
        "url": addresses["canonical"] if addresses else "",
        "locale": OG_LOCALES.get(language, OG_LOCALES["vi"]),
        "locale_alternates": [v for k, v in OG_LOCALES.items() if k != language],
        "image": {"url": url, "width": width, "height": height, "alt": image_alt},
    }


@register.simple_tag
def share_rendition(image):
    """The size chat apps show of a Wagtail image (None for none): `{% share_rendition
    page.cover_image as photo %}{% share_tags image=photo %}`."""
    return image.get_rendition(SHARE_RENDITION) if image is not None else None
