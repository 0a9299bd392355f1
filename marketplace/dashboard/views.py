"""The officers' dashboard (/can-bo/): figures, exports, the drill-down and follow-ups."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from marketplace.accounts.selectors import communes_visible_to
from marketplace.core.params import id_from
from marketplace.core.spreadsheets import sheet_response
from marketplace.training.decorators import officer_required
from marketplace.training.selectors import required_courses
from traceability.selectors import phi_flags_in_communes

from .chart import rate_chart
from .export import (
    EXPORT_LIMIT,
    dashboard_rows,
    households_rows,
    stage_choices,
)
from .selectors import STAGE_FILTERS, commune_households, dashboard_figures


def _visible_commune(request, pk):
    commune = (
        communes_visible_to(user=request.user).select_related("province").filter(pk=pk).first()
    )
    if commune is None:
        raise Http404
    return commune


def _commune_param(request):
    raw = request.GET.get("commune", "")
    if not raw:
        return None
    pk = id_from(raw)
    if pk is None:
        raise Http404
    return _visible_commune(request, pk)


@officer_required
def dashboard(request):
    commune = _commune_param(request)
    figures = dashboard_figures(user=request.user, commune=commune)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "figures": figures,
            "commune": commune,
            "chart": rate_chart(figures.series) if figures.series else None,
            "required_courses": required_courses(),
        },
    )


@officer_required
def dashboard_export(request, fmt):
    commune = _commune_param(request)
    figures = dashboard_figures(user=request.user, commune=commune)
    response = sheet_response(
        rows=dashboard_rows(figures, xlsx=fmt == "xlsx"),
        fmt=fmt,
        title=_("Figures"),
        filename="cho-so-so-lieu",
    )
    if response is None:
        raise Http404
    return response


def _drill_down(request, pk):
    commune = _visible_commune(request, pk)
    stage = request.GET.get("stage", "")
    stage = stage if stage in STAGE_FILTERS else ""
    query = request.GET.get("q", "").strip()
    households = commune_households(commune=commune, stage=stage, query=query)
    return commune, stage, query, households


@officer_required
def commune_households_view(request, pk):
    commune, stage, query, households = _drill_down(request, pk)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    keep = {key: value for key, value in (("stage", stage), ("q", query)) if value}
    return render(
        request,
        "dashboard/commune_households.html",
        {
            "commune": commune,
            "page": page,
            "query": query,
            "stage": stage,
            "stages": stage_choices(),
            "keep": urlencode(keep),
            "as_of": timezone.now(),
        },
    )


@officer_required
def commune_households_export(request, pk, fmt):
    commune, stage, query, households = _drill_down(request, pk)
    as_of = timezone.now()
    response = sheet_response(
        rows=households_rows(households[:EXPORT_LIMIT], as_of=as_of),
        fmt=fmt,
        title=_("Households"),
        filename=f"cho-so-ho-{commune.code or commune.pk}{'-' + stage if stage else ''}",
    )
    if response is None:
        raise Http404
    return response


@officer_required
def phi_flags(request):
    """Harvests inside a pre-harvest interval in the officer's area, to follow up."""
    flags = phi_flags_in_communes(communes=communes_visible_to(user=request.user))
    return render(request, "dashboard/phi_flags.html", {"flags": flags})
