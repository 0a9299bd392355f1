"""What the GS1 Digital Link resolver answers for a GTIN or a lot (GS1-Conformant Resolver 1.2).

Each identified thing has a few links, each with a GS1 link type: the trace page
(`gs1:traceability`, also the default link), the EPCIS document (`gs1:epcis`), the
lot's recall status and its certificates (`gs1:recallStatus`, `gs1:certificationInfo`:
where the trace page says them, and the certificates' own photos or PDFs), the
product page (`gs1:pip`). A request names one with `?linkType=`, asks for all of them as
an RFC 9264 linkset (`?linkType=linkset`, or `Accept: application/linkset+json`), or gets
the default. Links are absolute on SITE_URL, like the QR codes: they must open where the
site is, whichever host the request came in at.
"""

import mimetypes
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.models import Product

from .gs1 import digital_link_path
from .models import Lot, TraceEvent

GS1_VOCABULARY = "https://gs1.org/voc/"
LINKSET_MEDIA_TYPE = "application/linkset+json"
LINKSET = "linkset"
DEFAULT_LINK = "defaultLink"
# The prefixed and full forms of GS1's vocabulary a client may send (ref.gs1.org is its new home).
_VOCABULARY_FORMS = ("gs1:", GS1_VOCABULARY, "http://gs1.org/voc/", "https://ref.gs1.org/voc/")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Link:
    link_type: str  # the GS1 vocabulary term: "pip", "traceability", "epcis"
    path: str  # on this site, with its language prefix; or absolute (media on a bucket)
    title: str
    media_type: str
    hreflang: str = ""

    @property
    def rel(self) -> str:
        return f"{GS1_VOCABULARY}{self.link_type}"

    @property
    def href(self) -> str:
        return self.path if urlsplit(self.path).scheme else site_root() + self.path


def site_root() -> str:
    site = urlsplit(settings.SITE_URL)
    return f"{site.scheme}://{site.netloc}"


def link_type_of(value: str | None) -> str | None:
    """The GS1 term a `linkType` value names (`gs1:epcis`, `https://gs1.org/voc/epcis` ->
    `epcis`); `linkset` for a linkset (`all` is its older name); None when none is asked."""
    value = (value or "").strip()
    if not value:
        return None
    if value in (LINKSET, "all"):
        return LINKSET
    for form in _VOCABULARY_FORMS:
        if value.startswith(form):
            return value.removeprefix(form)
    return value


def _path(name: str, *args, language: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def _product_links(product: Product) -> list[Link]:
    if not product.is_live:
        return []
    links = []
    for language in LANGUAGES:
        href = _path("catalog:product_detail", product.slug, language=language)
        with translation.override(language):
            title = _("%(product)s on Chợ Số") % {"product": product.name}
        links.append(Link("pip", href, title, "text/html", language))
    return links


def _trace_links(lot: Lot, link_type: str, title: str, *, anchor: str = "") -> list[Link]:
    """The lot's trace page in each language, at `anchor`; `title` is translated in each."""
    links = []
    for language in LANGUAGES:
        with translation.override(language):
            text = _(title) % {"lot": lot.lot_number}
        href = _path("traceability:trace", lot.code, language=language) + anchor
        links.append(Link(link_type, href, text, "text/html", language))
    return links


def _certificate_links(lot: Lot, certificates: list[TraceEvent], *, ocop: bool) -> list[Link]:
    """Where the trace page lists the lot's certificates (and OCOP stars), then each
    certificate's photo or PDF as the farmer uploaded it; none without a certificate."""
    if not certificates and not ocop:
        return []
    links = _trace_links(lot, "certificationInfo", CERTIFICATES_TITLE, anchor="#certificates")
    for event in certificates:
        if event.document:
            media_type = mimetypes.guess_type(event.document.name)[0] or "application/octet-stream"
            name = event.certificate_name or _("Certificate")
            links.append(Link("certificationInfo", event.document.url, name, media_type))
    return links


# Marked for translation here, translated in each link's language (_trace_links).
TRACE_TITLE = gettext_noop("Where lot %(lot)s comes from, step by step")
RECALL_TITLE = gettext_noop("Whether lot %(lot)s is recalled")
CERTIFICATES_TITLE = gettext_noop("Certificates of lot %(lot)s")


def lot_links(lot: Lot, *, certificates: list[TraceEvent] = (), ocop: bool = False) -> list[Link]:
    """The lot's links, the default (its trace page in Vietnamese) first. `certificates`:
    the inspection events the trace page shows; `ocop`: whether it shows OCOP stars."""
    links = _trace_links(lot, "traceability", TRACE_TITLE)
    links.append(
        Link(
            "epcis",
            _path("traceability:trace_epcis", lot.code, language="vi"),
            _("EPCIS 2.0 events of lot %(lot)s") % {"lot": lot.lot_number},
            "application/ld+json",
        )
    )
    # Whether recalled or not: the trace page says which, where this points.
    links += _trace_links(lot, "recallStatus", RECALL_TITLE, anchor="#recall")
    links += _certificate_links(lot, list(certificates), ocop=ocop)
    return links + _product_links(lot.product)


def gtin_links(product: Product) -> list[Link]:
    """A GTIN without a lot: its product's page, which is also the default."""
    return _product_links(product)


def link_for(links: list[Link], link_type: str | None, language: str) -> Link | None:
    """The link of the requested type in `language` if it has one, else in its first
    language; the default link's type (the first link's) when no type or `defaultLink`
    is asked; None when there is no link of that type."""
    if not links:
        return None
    if link_type in (None, DEFAULT_LINK):
        link_type = links[0].link_type
    candidates = [link for link in links if link.link_type == link_type]
    return next((link for link in candidates if link.hreflang == language), None) or next(
        iter(candidates), None
    )


def anchor(gtin: str, lot_number: str | None = None) -> str:
    """The GS1 Digital Link URI the links are about, as printed in the QR code."""
    return site_root() + digital_link_path(gtin, lot_number)


def linkset(anchor_uri: str, links: list[Link]) -> dict:
    """RFC 9264 JSON: one context object, its links grouped by relation type."""
    context: dict = {"anchor": anchor_uri}
    targets = [(link.rel, link) for link in links]
    if links:
        targets.append((f"{GS1_VOCABULARY}{DEFAULT_LINK}", links[0]))
    for rel, link in targets:
        target = {"href": link.href, "title": link.title, "type": link.media_type}
        if link.hreflang:
            target["hreflang"] = [link.hreflang]
        context.setdefault(rel, []).append(target)
    return {"linkset": [context]}


def link_header(anchor_uri: str, links: list[Link]) -> str:
    """RFC 8288 `Link` value: the linkset, then each link. Titles stay out: a header is
    Latin-1, and the titles are Vietnamese."""
    values = [f'<{anchor_uri}?linkType={LINKSET}>; rel="{LINKSET}"; type="{LINKSET_MEDIA_TYPE}"']
    for link in links:
        value = f'<{link.href}>; rel="{link.rel}"; type="{link.media_type}"'
        if link.hreflang:
            value += f'; hreflang="{link.hreflang}"'
        values.append(value)
    return ", ".join(values)


def resolver_description() -> dict:
    """/.well-known/gs1resolver: only what this resolver does."""
    return {
        "name": "Chợ Số",
        "resolverRoot": site_root(),
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": GS1_VOCABULARY, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeLinkset": False,
    }
