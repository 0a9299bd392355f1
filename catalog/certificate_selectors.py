"""Reads of the certificates officers and sellers work through: the officers' queue of
certificates to verify and their decisions, the registries they may import, and a
seller's own certificates. Which certificate counts is `selectors.certificates_valid`."""

from django.db.models import Q, QuerySet

from marketplace.accounts.models import Role
from marketplace.regions.models import Province
from marketplace.sellers.selectors import sellers_in_area

from .models import CertificateStatus, OcopCertificate, OcopDecision, Product


def certificates_to_verify(*, user) -> QuerySet[OcopCertificate]:
    """Certificates waiting for verification whose seller is in `user`'s area, oldest
    first, with what the queue shows (one query, two with the areas)."""
    return (
        OcopCertificate.objects.filter(
            status=CertificateStatus.PENDING, product__seller__in=sellers_in_area(user=user)
        )
        .select_related(
            "product__seller__household__commune__province",
            "product__seller__cooperative__commune__province",
        )
        .order_by("created_at", "pk")
    )


def certificates_pending_in(*, province) -> QuerySet[OcopCertificate]:
    """Certificates waiting for verification whose seller is in `province`."""
    return OcopCertificate.objects.filter(
        Q(product__seller__household__commune__province=province)
        | Q(product__seller__cooperative__commune__province=province),
        status=CertificateStatus.PENDING,
    )


def certificate_in_area(*, user, pk: int) -> OcopCertificate | None:
    """One certificate of a seller in `user`'s area, whatever its status; None otherwise."""
    return (
        OcopCertificate.objects.filter(pk=pk, product__seller__in=sellers_in_area(user=user))
        .select_related(
            "product__seller__household__commune__province",
            "product__seller__cooperative__commune__province",
            "last_decision__actor",
        )
        .first()
    )


def registry_provinces(*, user) -> QuerySet[Province]:
    """The provinces whose OCOP registry `user` may import (see can_import_registry)."""
    if user.is_superuser:
        return Province.objects.order_by("name")
    if user.role != Role.ADMIN:
        return Province.objects.none()
    return Province.objects.filter(officerarea__user=user).order_by("name").distinct()


def certificate_decisions(*, certificate: OcopCertificate) -> list[OcopDecision]:
    """Every decision on a certificate, newest first, with who took it (one query)."""
    return list(
        OcopDecision.objects.filter(certificate=certificate)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def certificates_of_product(*, product: Product) -> list[OcopCertificate]:
    """What the seller sees of a product's certificates: all but the withdrawn, each
    with its latest decision (a rejection's reason). One query."""
    return list(
        OcopCertificate.objects.filter(product=product)
        .exclude(status=CertificateStatus.WITHDRAWN)
        .select_related("last_decision__actor")
        .order_by("-decision_date", "-pk")
    )
