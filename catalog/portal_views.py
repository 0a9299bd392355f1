"""The seller portal ("Cửa hàng của tôi"): plain views for phones, no Wagtail admin.

Every view under a shop gets it from `sellers.shortcuts.seller_for_portal` (the user
must run it); an officer's acts are logged as assisted by the services they call.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.money import LOW_VND, format_vnd
from marketplace.core.params import id_from
from marketplace.core.preview import PreviewExpired, preview_load, preview_sign
from marketplace.core.shortcuts import render_form
from marketplace.core.spreadsheets import SpreadsheetError
from marketplace.sellers.models import Seller
from marketplace.sellers.selectors import (
    member_sellers_of_user,
    sellers_managed_by,
    sellers_of_user,
)
from marketplace.sellers.shortcuts import seller_for_portal

from . import certificate_selectors, certificates, services
from .errors import CatalogError
from .forms import (
    AfterImportForm,
    CertificateForm,
    ImportForm,
    PhotoForm,
    ProductForm,
)
from .importer import import_rows_match, import_rows_read, import_rows_validate
from .models import CertificateStatus, OcopCertificate, Product, ProductImage
from .permissions import can_use_portal

IMPORT_SALT = "catalog.import"


def _shop(request, seller_slug) -> Seller:
    return seller_for_portal(user=request.user, slug=seller_slug)


def _product(seller, pk) -> Product:
    return get_object_or_404(Product, pk=pk, seller=seller)


def _warn_low_price(request, product: Product) -> None:
    # Saved as asked, but "85" is usually "85.000" with its thousands forgotten.
    if product.price < LOW_VND:
        messages.warning(
            request,
            _("The price is %(price)s: under 1.000 ₫. If a “.000” is missing, correct it below.")
            % {"price": format_vnd(product.price)},
        )


@login_required
def home(request):
    if not can_use_portal(request.user):
        raise PermissionDenied
    own = list(sellers_of_user(user=request.user))
    members = list(
        member_sellers_of_user(user=request.user)
        .exclude(pk__in=[s.pk for s in own])
        .order_by("name")
    )
    helped = list(
        sellers_managed_by(user=request.user)
        .exclude(pk__in=[s.pk for s in own + members])
        .order_by("name")[:200]
    )
    if len(own) == 1 and not helped and not members:
        return redirect("portal:shop", seller_slug=own[0].slug)
    return render(
        request, "catalog/portal/home.html", {"own": own, "members": members, "helped": helped}
    )


@login_required
def product_create(request, seller_slug):
    seller = _shop(request, seller_slug)
    form = ProductForm(request.POST or None, seller=seller)
    photo_form = PhotoForm(request.POST or None, request.FILES or None, required=False)
    # Both forms first: a refused photo must not leave a product behind.
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        upload = photo_form.cleaned_data["photo"]
        try:
            with transaction.atomic():
                product = services.product_create(
                    actor=request.user, seller=seller, **form.cleaned_data
                )
                if upload:
                    services.product_photo_add(actor=request.user, product=product, upload=upload)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Product saved."))
            _warn_low_price(request, product)
            return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)
    return render_form(
        request,
        "catalog/portal/product_form.html",
        {"seller": seller, "form": form, "photo_form": photo_form, "product": None},
        forms=[form, photo_form],
    )


def _product_page(request, seller, product, *, form=None, photo_form=None):
    form = form or ProductForm(instance=product, seller=seller)
    photo_form = photo_form or PhotoForm()
    return render_form(
        request,
        "catalog/portal/product_form.html",
        {
            "seller": seller,
            "form": form,
            "product": product,
            "photos": product.images.select_related("image"),
            "certificates": certificate_selectors.certificates_of_product(product=product),
            "photo_form": photo_form,
            "certificate_form": CertificateForm(),
        },
        forms=[form, photo_form],
    )


@login_required
def product_edit(request, seller_slug, pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    form = ProductForm(request.POST or None, instance=product, seller=seller)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items()}
        product.refresh_from_db()
        try:
            services.product_update(actor=request.user, product=product, **changes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Product saved."))
            _warn_low_price(request, product)
            return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)
    return _product_page(request, seller, product, form=form)


@login_required
@require_POST
def product_archive(request, seller_slug, pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    services.product_archive(actor=request.user, product=product)
    messages.success(request, _("Product archived: buyers no longer see it."))
    return redirect("portal:shop", seller_slug=seller.slug)


@login_required
@require_POST
def photo_add(request, seller_slug, pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_photo_add(
                actor=request.user, product=product, upload=form.cleaned_data["photo"]
            )
        except ValidationError as exc:
            form.add_error("photo", exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)
    return _product_page(request, seller, product, photo_form=form)


@login_required
@require_POST
def photo_remove(request, seller_slug, pk, photo_pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    photo = get_object_or_404(ProductImage, pk=photo_pk, product=product)
    services.product_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)


@login_required
@require_POST
def certificate_add(request, seller_slug, pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            certificate = certificates.certificate_add(
                actor=request.user, product=product, **form.cleaned_data
            )
        except CatalogError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if certificate.status == CertificateStatus.VERIFIED:
                messages.success(
                    request, _("OCOP certificate added: it is on the province's list, verified.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "OCOP certificate added. The stars show once an officer of your "
                        "area has verified it."
                    ),
                )
    else:
        messages.error(
            request,
            _("The certificate was not saved: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
                    for f, e in form.errors.items()
                )
            },
        )
    return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)


@login_required
@require_POST
def certificate_remove(request, seller_slug, pk, certificate_pk):
    seller = _shop(request, seller_slug)
    product = _product(seller, pk)
    certificate = get_object_or_404(
        OcopCertificate.objects.exclude(status=CertificateStatus.WITHDRAWN),
        pk=certificate_pk,
        product=product,
    )
    certificates.certificate_withdraw(actor=request.user, certificate=certificate)
    messages.success(request, _("Certificate removed."))
    return redirect("portal:product_edit", seller_slug=seller.slug, pk=product.pk)


def _import_choices(request, rows: list[dict]) -> None:
    """Rows matching a product are updated unless the seller chose "add as new"."""
    add_all = request.POST.get("all") == "create"
    for row in rows:
        wanted = request.POST.get(f"choice-{row['line']}", "update")
        row["update"] = (
            row["match"] if row["match"] and wanted == "update" and not add_all else None
        )


@login_required
def product_import(request, seller_slug):
    """Upload shows a preview and saves nothing; confirming saves every row or none.

    The preview carries the parsed rows back signed, so the file is read only once
    and cannot be altered between preview and confirmation. Rows that match a product
    the seller already has (same code, or same name and unit) update it by default.
    """
    seller = _shop(request, seller_slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"seller": seller, "form": form}
    if request.method == "POST" and request.POST.get("payload"):
        try:
            raw = preview_load(request.POST["payload"], salt=IMPORT_SALT)
        except PreviewExpired:
            messages.error(request, _("The preview has expired: upload the file again."))
            return redirect("portal:product_import", seller_slug=seller.slug)
        rows, errors = import_rows_validate(raw, seller=seller)
        if not errors:
            import_rows_match(rows, seller=seller)
            _import_choices(request, rows)
            try:
                created, updated = services.products_import(
                    actor=request.user, seller=seller, rows=rows
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    _("%(created)s new products saved as drafts, %(updated)s updated.")
                    % {"created": len(created), "updated": len(updated)},
                )
                ids = ",".join(str(p.pk) for p in [*created, *updated])
                return redirect(
                    reverse("portal:products_imported", args=[seller.slug]) + f"?sp={ids}"
                )
        context.update(rows=rows, errors=errors)
    elif request.method == "POST" and form.is_valid():
        try:
            raw = import_rows_read(form.cleaned_data["file"])
        except SpreadsheetError as exc:
            form.add_error("file", exc.message)
        else:
            rows, errors = import_rows_validate(raw, seller=seller)
            context.update(rows=rows, errors=errors)
            if not errors:
                context["matched"] = import_rows_match(rows, seller=seller)
                context["payload"] = preview_sign(raw, salt=IMPORT_SALT)
    return render_form(
        request,
        "catalog/portal/import.html",
        context,
        forms=[form],
        refused=bool(context.get("errors")),
    )


MAX_AFTER_IMPORT = 200


@login_required
def products_imported(request, seller_slug):
    """After an import: a photo for each product and "put on sale", in one pass.

    Each photo is checked by its content as anywhere else; a refused one is reported
    on its row while the others are kept, so nobody uploads twice on a slow line.
    """
    seller = _shop(request, seller_slug)
    ids = [i for i in (id_from(v) for v in request.GET.get("sp", "").split(",")) if i]
    products = list(
        Product.objects.filter(seller=seller, pk__in=ids[:MAX_AFTER_IMPORT])
        .exclude(status="archived")
        .prefetch_related("images")
        .order_by("pk")
    )
    form = AfterImportForm(request.POST or None, request.FILES or None, products=products)
    if request.method == "POST":
        form.is_valid()  # the rows that passed are saved, the others say why below
        added = 0
        for product, upload in form.photos():
            try:
                services.product_photo_add(actor=request.user, product=product, upload=upload)
            except ValidationError as exc:
                form.add_error(form.photo_name(product), exc)
            else:
                added += 1
        published = services.products_publish(
            actor=request.user, seller=seller, products=form.cleaned_data.get("publish") or []
        )
        messages.success(
            request,
            _("%(photos)s photos added, %(published)s products put on sale.")
            % {"photos": added, "published": published},
        )
        if not form.errors:
            return redirect("portal:shop", seller_slug=seller.slug)
    rows = [(product, form[form.photo_name(product)]) for product in products]
    return render_form(
        request,
        "catalog/portal/imported.html",
        {"seller": seller, "form": form, "rows": rows},
        forms=[form],
    )
