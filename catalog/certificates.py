"""Writes to OCOP certificates: a seller declares one, an officer or the registry decides.

A certificate's status moves only through `TRANSITIONS`; every move is a new
`OcopDecision` (who, when, why, from where), never an edit, and the certificate keeps a
copy of the latest for the catalog to filter on. The product's stars follow at once
(`product_stars_refresh`), and the dashboard, which listens to certificate saves,
after commit.
"""

import datetime
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.uploads import MB, document_for_storage
from marketplace.notifications.services import send
from marketplace.regions.models import Province
from marketplace.sellers.selectors import seller_recipients
from marketplace.sellers.services import assisted_act_record

from .certificate_selectors import certificates_pending_in
from .errors import CatalogError, CertificateStatusError
from .import_notices import registry_imported_notify
from .models import (
    CertificateStatus,
    DecisionSource,
    OcopCertificate,
    OcopDecision,
    OcopRegistryEntry,
    Product,
    decision_key,
)
from .permissions import can_import_registry, can_verify_certificate
from .services import product_stars_refresh

SCAN_MAX_BYTES = 8 * MB
Status = CertificateStatus
TRANSITIONS = {
    Status.PENDING: {Status.VERIFIED, Status.REJECTED, Status.WITHDRAWN},
    # A verification found wrong is revoked by a rejection, a wrong rejection corrected
    # by a verification: each a new decision beside the one it corrects.
    Status.VERIFIED: {Status.REJECTED, Status.WITHDRAWN},
    Status.REJECTED: {Status.VERIFIED, Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}


def _scan_for_storage(upload):
    """The scan as stored: a PDF as sent, a photo re-encoded, under a name nobody can guess
    (the file is served from the media folder to whoever has its address)."""
    if upload.size is None or upload.size > SCAN_MAX_BYTES:
        raise CatalogError(
            _("The scan is too large (over %(mb)s MB).") % {"mb": SCAN_MAX_BYTES // MB}
        )
    try:
        return document_for_storage(upload, stem=f"ocop-{secrets.token_hex(8)}")
    except ValidationError:
        raise CatalogError(
            _("The scan must be a photo (JPEG, PNG, WebP) or a PDF of the certificate.")
        ) from None


def _decide(
    *,
    certificate: OcopCertificate,
    to: str,
    actor: User,
    source: str,
    reason: str = "",
    registry_entry: OcopRegistryEntry | None = None,
) -> OcopDecision:
    """Move the certificate to `to` through the map, recording the decision."""
    current = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
    if to not in TRANSITIONS[current.status]:
        raise CertificateStatusError(
            _("This certificate is %(status)s: it cannot be marked %(to)s.")
            % {"status": current.get_status_display(), "to": Status(to).label}
        )
    decision = OcopDecision(
        certificate=current,
        decision=to,
        reason=reason.strip(),
        actor=actor,
        source=source,
        registry_entry=registry_entry,
    )
    decision.full_clean()
    decision.save()
    certificate.status, certificate.last_decision = to, decision
    certificate.save(update_fields=["status", "last_decision"])
    product_stars_refresh(product=certificate.product)
    _decision_notify(decision)
    return decision


# What the seller hears by SMS/Zalo (and in the app) of a decision on its certificate.
DECISION_EVENTS = {Status.VERIFIED: "certificate_verified", Status.REJECTED: "certificate_rejected"}


def _decision_notify(decision: OcopDecision) -> None:
    """Tell the seller a certificate was verified or rejected (the reason is in the
    portal, beside the certificate); once per decision, delivered after the commit."""
    event = DECISION_EVENTS.get(decision.decision)
    if event is None:
        return
    certificate = decision.certificate
    context = {"product": certificate.product.name, "stars": certificate.stars}
    for suffix, recipient in seller_recipients(seller=certificate.product.seller):
        send(
            event=event,
            context=context,
            idempotency_key=f"ocop:{decision.pk}{suffix}",
            **recipient,
        )


@transaction.atomic
def certificate_add(
    *,
    actor: User,
    product: Product,
    stars: int,
    product_group: str,
    decision_number: str,
    decision_date: datetime.date,
    issuing_authority: str,
    scan,
) -> OcopCertificate:
    """Record a seller's OCOP certificate with its scan; it waits for verification.

    Its expiry is 36 months after the decision. When the province's registry already
    lists its decision number with the same stars, it is verified at once.
    """
    if not scan:
        raise CatalogError(_("Attach a scan or a photo of the certificate."))
    certificate = OcopCertificate(
        product=product,
        stars=stars,
        product_group=product_group,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuing_authority=issuing_authority.strip(),
        scan=_scan_for_storage(scan),
    )
    certificate.full_clean(exclude=["expires_on"])
    certificate.save()
    assisted_act_record(
        actor=actor,
        seller=product.seller,
        action="certificate_add",
        target=f"{product.name} {certificate.decision_number}",
    )
    entry = registry_entry_matching(certificate=certificate)
    if entry is not None:
        _decide(
            certificate=certificate,
            to=Status.VERIFIED,
            actor=entry.imported_by,
            source=DecisionSource.REGISTRY,
            registry_entry=entry,
        )
    return certificate


def _may_decide(actor: User, certificate: OcopCertificate) -> None:
    if not can_verify_certificate(actor, certificate):
        raise CatalogError(
            _("Only an officer or administrator of the seller's area can decide on it.")
        )


@transaction.atomic
def certificate_verify(
    *, actor: User, certificate: OcopCertificate, note: str = ""
) -> OcopDecision:
    """An officer or administrator of the seller's area confirms the certificate
    (its scan against the province's decision): from now it shows its stars."""
    _may_decide(actor, certificate)
    return _decide(
        certificate=certificate,
        to=Status.VERIFIED,
        actor=actor,
        source=DecisionSource.OFFICER,
        reason=note,
    )


@transaction.atomic
def certificate_reject(*, actor: User, certificate: OcopCertificate, reason: str) -> OcopDecision:
    """An officer or administrator of the seller's area refuses the certificate, saying
    why: the seller reads the reason beside it in the portal."""
    _may_decide(actor, certificate)
    if not reason.strip():
        raise CatalogError(_("Say why the certificate is rejected: the seller will read it."))
    return _decide(
        certificate=certificate,
        to=Status.REJECTED,
        actor=actor,
        source=DecisionSource.OFFICER,
        reason=reason,
    )


@transaction.atomic
def certificate_withdraw(
    *, actor: User, certificate: OcopCertificate, reason: str = ""
) -> OcopDecision:
    """The seller takes a certificate back (entered by mistake, replaced): it is kept
    with its decisions, no longer shown nor counted."""
    decision = _decide(
        certificate=certificate,
        to=Status.WITHDRAWN,
        actor=actor,
        source=DecisionSource.SELLER,
        reason=reason,
    )
    product = certificate.product
    assisted_act_record(
        actor=actor, seller=product.seller, action="certificate_remove", target=product.name
    )
    return decision


def registry_entry_matching(*, certificate: OcopCertificate) -> OcopRegistryEntry | None:
    """The newest row of the seller's province's registry with the certificate's
    decision number (case, accents and spaces aside) and stars."""
    province = certificate.product.seller.commune.province_id
    return (
        OcopRegistryEntry.objects.filter(
            province_id=province,
            decision_key=decision_key(certificate.decision_number),
            stars=certificate.stars,
        )
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")
        .first()
    )


@dataclass
class RegistryImport:
    entries: int = 0
    verified: list[OcopCertificate] = field(default_factory=list)
    still_pending: int = 0
    first_entry: int | None = None  # pk of its first saved row: this import's name


@transaction.atomic
def registry_import(*, actor: User, province: Province, rows: list[dict]) -> RegistryImport:
    """Keep a province's published list of OCOP products and verify what it confirms.

    Every row is saved (the list as the province published it, with who imported it
    and when). A certificate waiting for verification whose seller is in `province`
    and whose decision number and stars match a row is verified by the registry; the
    others stay in the officers' queue. A rejected certificate stays rejected: an
    officer saw something wrong, and only an officer corrects that. The importer reads
    in the app how many were verified and how many still wait.
    """
    if not can_import_registry(actor, province):
        raise CatalogError(_("Only an administrator of this province can import its registry."))
    result = RegistryImport()
    by_key: dict[tuple[str, int], OcopRegistryEntry] = {}
    for row in rows:
        entry = OcopRegistryEntry(
            province=province,
            decision_number=row["decision_number"],
            decision_date=row["decision_date"],
            product_name=row["product_name"],
            entity=row["entity"],
            stars=row["stars"],
            imported_by=actor,
        )
        entry.full_clean(exclude=["decision_key"])
        entry.save()
        by_key.setdefault((entry.decision_key, entry.stars), entry)
        result.entries += 1
        result.first_entry = result.first_entry or entry.pk
    pending = certificates_pending_in(province=province).select_related("product")
    for certificate in pending.order_by("pk"):
        entry = by_key.get((decision_key(certificate.decision_number), certificate.stars))
        if entry is None:
            result.still_pending += 1
            continue
        _decide(
            certificate=certificate,
            to=Status.VERIFIED,
            actor=actor,
            source=DecisionSource.REGISTRY,
            registry_entry=entry,
        )
        result.verified.append(certificate)
    if result.entries:
        registry_imported_notify(
            actor=actor,
            province=province,
            first_entry=result.first_entry,
            entries=result.entries,
            verified=len(result.verified),
            pending=result.still_pending,
        )
    return result
