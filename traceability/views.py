import json
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from catalog.selectors import best_valid_certificate, lots_cache_prefix, product_ocop_stars
from marketplace.core.http_cache import cache_for_visitors, kept_for_visitors
from marketplace.core.params import id_from
from marketplace.core.qr import qr_png, qr_svg, qr_svg_path
from marketplace.core.shortcuts import render_form
from marketplace.regions.models import Commune
from marketplace.sellers.shortcuts import seller_for_portal

from . import resolver, selectors, services
from .epcis import epcis_document
from .forms import EventForm, LabelsForm, LotForm, RecallForm, SplitForm
from .gs1 import GS1_CHARSET_82, digital_link_path, is_valid_gtin
from .models import EventKind, TraceEvent
from .permissions import can_recall_lot
from .qr import qr_payload, site_url_mismatch

PUBLIC_MAX_AGE = 300  # a recall shows within five minutes even through caches
QR_MAX_AGE = 86400  # a lot's QR payload never changes


def _public(response, request, max_age=PUBLIC_MAX_AGE):
    # Shared caches keep it for anonymous visitors only; a change purges it (services).
    return cache_for_visitors(request, response, max_age=max_age)


def _not_found(request):
    return render(request, "traceability/not_found.html", status=404)


# --- public pages -------------------------------------------------------------


def trace(request, code):
    """The page a buyer's phone opens from the QR: light, no JS, at most 4 queries;
    one (the scan counted) when the site's cache has it."""
    response = kept_for_visitors(
        request, partial(_trace, request, code), version=lots_cache_prefix()
    )
    if request.method == "GET" and response.status_code == 200:
        services.lot_scan_count(code=code)  # link checkers send HEAD: not a person scanning
    return response


def _trace(request, code):
    lot = selectors.lot_for_trace(code=code)
    if lot is None:
        return _not_found(request)
    events = selectors.lot_history(lot=lot)
    corrected = {e.corrects_id for e in events if e.corrects_id}
    context = {
        "lot": lot,
        "events": events,
        "corrected": corrected,
        "certificates": selectors.lot_certificates(events=events),
        "seller": lot.seller,
        "producer": lot.producer_household,
        "commune": lot.seller.commune,
        # The certificate (with who verified it) is read only when the product's copy
        # says it shows stars: a lot without OCOP costs no query for it.
        "ocop": product_ocop_stars(product=lot.product)
        and best_valid_certificate(product=lot.product),
        # Computed from the events already read: no query, no script.
        "phi_warnings": [c.message for c in selectors.phi_conflicts(events=events)],
    }
    return _public(render(request, "traceability/trace.html", context), request)


def trace_epcis(request, code):
    lot = selectors.lot_for_trace(code=code)
    if lot is None:
        return _not_found(request)
    document = epcis_document(lot, selectors.lot_history(lot=lot))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/ld+json"
    )
    return _public(response, request)


def trace_qr_svg(request, code):
    lot = selectors.lot_for_trace(code=code)
    if lot is None:
        return _not_found(request)
    return _public(
        HttpResponse(qr_svg(qr_payload(lot)), content_type="image/svg+xml"), request, QR_MAX_AGE
    )


def trace_qr_png(request, code):
    lot = selectors.lot_for_trace(code=code)
    if lot is None:
        return _not_found(request)
    return _public(
        HttpResponse(qr_png(qr_payload(lot)), content_type="image/png"), request, QR_MAX_AGE
    )


def _canonical_redirect(request, gtin: str, lot_number: str | None):
    """307 to the 14-digit form of the same URI, query kept.

    Built from the parsed GTIN and lot, not from the request's path: the server hands the
    path over percent-decoded (LOT07%2FA arrives as LOT07/A), and a path rebuilt from that
    names another lot or none. The lot is re-encoded as on the label.
    """
    tail = f"/01/{gtin}" if lot_number is None else f"/01/{gtin}/10/{lot_number}"
    prefix = request.path.removesuffix(tail)  # the script name and the language prefix
    target = escape_uri_path(prefix) + digital_link_path(gtin, lot_number)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(target + (f"?{query}" if query else ""), status=307)


def _resolve(request, anchor_uri: str, links: list[resolver.Link]):
    """The resolver's answer: the linkset when asked for, else a 307 to the requested link
    type or the default; a link type this thing lacks is a 404 (Resolver 1.2, 2.6.2)."""
    link_type = resolver.link_type_of(request.GET.get("linkType"))
    accepts_linkset = resolver.LINKSET_MEDIA_TYPE in request.headers.get("Accept", "")
    if link_type == resolver.LINKSET or (link_type is None and accepts_linkset):
        response = HttpResponse(
            json.dumps(resolver.linkset(anchor_uri, links), ensure_ascii=False, indent=1),
            content_type=resolver.LINKSET_MEDIA_TYPE,
        )
    else:
        link = resolver.link_for(links, link_type, get_language())
        if link is None:
            return _not_found(request)
        response = HttpResponseRedirect(link.path, status=307)
    response["Link"] = resolver.link_header(anchor_uri, links)
    # The same URI answers a linkset or a redirect by Accept: caches must keep both apart.
    patch_vary_headers(response, ["Accept"])
    return _public(response, request)


def digital_link(request, gtin, lot_number):
    """GS1 Digital Link resolver for /01/<gtin>/10/<lot>: 307 to the trace page (the
    default), the EPCIS document, the recall status, the certificates or the product
    page by `linkType`, or the linkset. Short GTINs go to their 14-digit form."""
    if not is_valid_gtin(gtin) or not set(lot_number) <= GS1_CHARSET_82:
        return _not_found(request)
    if len(gtin) != 14:
        return _canonical_redirect(request, gtin, lot_number)
    lot = selectors.lot_for_digital_link(gtin=gtin, lot_number=lot_number)
    if lot is None:
        return _not_found(request)
    links = resolver.lot_links(
        lot,
        certificates=selectors.lot_certificates(events=selectors.lot_history(lot=lot)),
        ocop=bool(product_ocop_stars(product=lot.product)),
    )
    return _resolve(request, resolver.anchor(gtin, lot_number), links)


def digital_link_gtin(request, gtin):
    """/01/<gtin> without a lot: the page of the product whose lots carry the GTIN."""
    if not is_valid_gtin(gtin):
        return _not_found(request)
    if len(gtin) != 14:
        return _canonical_redirect(request, gtin, None)
    product = selectors.product_for_gtin(gtin=gtin)
    if product is None:
        return _not_found(request)
    return _resolve(request, resolver.anchor(gtin), resolver.gtin_links(product))


def gs1_resolver_description(request):
    """/.well-known/gs1resolver, the resolver's description file."""
    description = resolver.resolver_description()
    return _public(JsonResponse(description, json_dumps_params={"ensure_ascii": False}), request)


# --- the farmer's pages (in the seller portal: /cua-hang-cua-toi/<shop>/lo-hang/...) ---


def _get_lot(request, seller_slug, pk):
    """The shop from the path (which the user must run), and a lot of that shop."""
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    lot = selectors.lot_for_seller_page(pk=pk)
    if lot is None or lot.seller_id != seller.pk:
        raise Http404
    return lot


def _to_lot(lot):
    return redirect("portal:lot_detail", seller_slug=lot.seller.slug, pk=lot.pk)


@login_required
def lot_list(request, seller_slug):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    lots = selectors.lots_of_sellers(sellers=[seller])[:200]
    return render(request, "traceability/lot_list.html", {"lots": lots, "seller": seller})


@login_required
def lot_create(request, seller_slug):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    products = (
        Product.objects.filter(seller=seller).exclude(status="archived").select_related("seller")
    )
    form = LotForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lot = services.lot_create(actor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lot created. Now record what you did."))
            return _to_lot(lot)
    return render(request, "traceability/lot_form.html", {"form": form, "seller": seller})


@login_required
def lot_detail(request, seller_slug, pk):
    lot = _get_lot(request, seller_slug, pk)
    events = selectors.lot_history(lot=lot)
    context = {
        "lot": lot,
        "events": events,
        "corrected": {e.corrects_id for e in events if e.corrects_id},
        "warnings": [c.message for c in selectors.phi_conflicts(events=events)],
        "kinds": [k for k in EventKind if k != EventKind.SPLIT],
        "children": lot.children.all(),
        "recall_form": RecallForm(),
        "can_recall": can_recall_lot(request.user, lot) and not lot.is_recalled,
        "trace_url": qr_payload(lot),
        "site_url_mismatch": site_url_mismatch(request),
    }
    return render(request, "traceability/lot_detail.html", context)


@login_required
def event_create(request, seller_slug, pk, kind):
    lot = _get_lot(request, seller_slug, pk)
    if kind not in EventForm.FIELDS_BY_KIND:
        raise Http404
    corrects = None
    corrects_pk = id_from(request.GET.get("sua"))
    if corrects_pk is not None:
        corrects = TraceEvent.objects.filter(
            pk=corrects_pk, lot_id__in=[lot.pk, lot.parent_id]
        ).first()
    # The farm's own places only: a select of a whole province is unusable on a phone.
    places = {lot.seller.commune.pk}
    if lot.producer_household_id:
        places.add(lot.producer_household.commune_id)
    communes = Commune.objects.filter(pk__in=places)
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        communes=communes.select_related("province"),
        initial={"commune": lot.seller.commune.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _event, warnings = services.event_record(
                lot=lot, actor=request.user, kind=kind, corrects=corrects, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return _to_lot(lot)
    context = {"lot": lot, "form": form, "kind": EventKind(kind), "corrects": corrects}
    return render_form(request, "traceability/event_form.html", context, forms=[form])


@login_required
def lot_split(request, seller_slug, pk):
    lot = _get_lot(request, seller_slug, pk)
    form = SplitForm(
        request.POST or None, initial={"unit": lot.unit, "best_before": lot.best_before}
    )
    if request.method == "POST" and form.is_valid():
        try:
            children = services.lot_split(lot=lot, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(count)s packed lots created.") % {"count": len(children)}
            )
            return _to_lot(lot)
    return render(request, "traceability/split_form.html", {"lot": lot, "form": form})


@login_required
@require_POST
def lot_recall(request, seller_slug, pk):
    lot = _get_lot(request, seller_slug, pk)
    if not can_recall_lot(request.user, lot):
        raise PermissionDenied
    form = RecallForm(request.POST)
    if form.is_valid():
        try:
            services.lot_recall(lot=lot, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The lot is recalled; its trace page says so."))
    else:
        messages.error(request, _("Write why the lot is recalled."))
    return _to_lot(lot)


@login_required
def labels(request, seller_slug, pk):
    """A print-ready A4 sheet: one QR symbol defined once and reused by every label."""
    lot = _get_lot(request, seller_slug, pk)
    form = LabelsForm(request.GET or None)
    count = form.cleaned_data["count"] if form.is_valid() else 24
    size, path = qr_svg_path(qr_payload(lot))
    context = {
        "lot": lot,
        "labels": range(count),
        "qr_size": size,
        "qr_path": path,
        "form": form,
        "site_url_mismatch": site_url_mismatch(request),
    }
    return render(request, "traceability/labels.html", context)
