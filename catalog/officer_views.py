"""The officers' OCOP pages (/can-bo/ocop/...): the queue of certificates to verify in
their area, one certificate's decision, and the administrators' registry import.

A certificate outside the officer's area is not found, whatever its id.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.decorators import officer_required
from marketplace.core.preview import PreviewExpired, preview_load, preview_sign
from marketplace.core.shortcuts import render_form
from marketplace.core.spreadsheets import SpreadsheetError
from marketplace.regions.models import Province

from . import certificate_selectors
from .certificates import certificate_reject, certificate_verify, registry_import
from .errors import CatalogError
from .forms import CertificateDecisionForm, RegistryImportForm
from .models import CertificateStatus
from .permissions import can_import_registry, can_verify_certificate
from .registry import registry_matches, registry_rows_check, registry_rows_load, registry_rows_read

REGISTRY_SALT = "catalog.ocop_registry"
QUEUE_PAGE = 200


@officer_required
def certificate_queue(request):
    queue = list(certificate_selectors.certificates_to_verify(user=request.user)[:QUEUE_PAGE])
    context = {
        "queue": queue,
        "can_import": can_import_registry(request.user),
    }
    return render(request, "catalog/officer/queue.html", context)


@officer_required
def certificate_decide(request, pk):
    certificate = certificate_selectors.certificate_in_area(user=request.user, pk=pk)
    if certificate is None:
        raise Http404
    may_decide = can_verify_certificate(request.user, certificate)
    form = CertificateDecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                _decision_save(request, certificate, form.cleaned_data)
            except CatalogError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("ocop:queue")
    context = {
        "certificate": certificate,
        "seller": certificate.product.seller,
        "decisions": certificate_selectors.certificate_decisions(certificate=certificate),
        "form": form,
        "may_decide": may_decide and certificate.status != CertificateStatus.WITHDRAWN,
    }
    return render_form(request, "catalog/officer/decide.html", context, forms=[form])


def _decision_save(request, certificate, data) -> None:
    if data["decision"] == CertificateStatus.VERIFIED:
        certificate_verify(actor=request.user, certificate=certificate, note=data["reason"])
        messages.success(request, _("Certificate verified: its stars show from now."))
    else:
        certificate_reject(actor=request.user, certificate=certificate, reason=data["reason"])
        messages.success(request, _("Certificate rejected: the seller sees your reason."))


@officer_required
def registry_import_view(request):
    """Upload shows a preview and saves nothing; confirming saves the list and verifies
    the certificates it matches. The parsed rows travel back signed, as in the roster import."""
    if not can_import_registry(request.user):
        raise PermissionDenied
    provinces = certificate_selectors.registry_provinces(user=request.user)
    form = RegistryImportForm(provinces=provinces)
    context = {"form": form}
    if request.method == "POST" and request.POST.get("payload"):
        response = _registry_confirm(request)
        if response is not None:
            return response
    elif request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES, provinces=provinces)
        context["form"] = form
        if form.is_valid():
            _registry_preview(form, context)
    return render_form(
        request,
        "catalog/officer/registry_import.html",
        context,
        forms=[form],
        refused=bool(context.get("errors")),
    )


def _registry_preview(form, context) -> None:
    province = form.cleaned_data["province"]
    try:
        raw = registry_rows_read(form.cleaned_data["file"])
    except SpreadsheetError as error:
        form.add_error("file", error.message)
        return
    rows, errors = registry_rows_check(raw)
    context.update(province=province, rows=rows, errors=errors)
    if rows and not errors:
        context["matches"] = registry_matches(province=province, rows=rows)
        context["payload"] = preview_sign(
            {"province": province.pk, "rows": rows}, salt=REGISTRY_SALT
        )


def _registry_confirm(request):
    try:
        data = preview_load(request.POST["payload"], salt=REGISTRY_SALT)
    except PreviewExpired:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("ocop:registry_import")
    province = Province.objects.filter(pk=data["province"]).first()
    if province is None or not can_import_registry(request.user, province):
        raise PermissionDenied
    result = registry_import(
        actor=request.user, province=province, rows=registry_rows_load(data["rows"])
    )
    messages.success(
        request,
        _(
            "%(entries)d rows of the registry saved; %(verified)d certificates verified, "
            "%(pending)d still wait for an officer."
        )
        % {
            "entries": result.entries,
            "verified": len(result.verified),
            "pending": result.still_pending,
        },
    )
    return redirect("ocop:queue")
