"""Load-scale products and their OCOP certificates (`manage.py loadscale`, cms/loadscale.py;
the catalog benchmarks): rows written in bulk, with what `save()` and the certificate
services would derive set here."""

import datetime as dt
import random

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.core.text import fold
from marketplace.sellers.models import Seller

from .models import (
    OCOP_VALID_MONTHS,
    Category,
    CertificateStatus,
    DecisionSource,
    OcopCertificate,
    OcopDecision,
    Product,
    ProductStatus,
    add_months,
)

WORDS = ["Kẹo dừa", "Nước mắm", "Hạt dẻ", "Chè", "Bưởi", "Sầu riêng", "Mật ong", "Gạo", "Tiêu"]
PLACES = ["Mỏ Cày", "Tam Quan", "Trùng Khánh", "Định Hóa", "Chợ Lách", "Giồng Trôm", "Phú Quốc"]
BATCH = 5000
OCOP_EVERY = 8  # one product in eight is OCOP-rated


def products_generate(
    count: int, *, sellers: list[Seller], verifier: User, seed: int = 7, prefix: str = "bench"
) -> int:
    """`count` live products over `sellers`, each from its seller's commune; one in eight
    OCOP-rated with a verified certificate valid today, its stars copied onto the product
    as the certificate services do. The sellers' households, communes and provinces
    must be loaded: the search text is written from them without a query per product."""
    rng = random.Random(seed)
    categories = list(Category.objects.exclude(parent=None).select_related("parent"))
    now, today = timezone.now(), timezone.localdate()
    batch, rated = [], []
    for n in range(count):
        seller = sellers[n % len(sellers)]
        name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {n}"
        product = Product(
            seller=seller,
            category=(category := rng.choice(categories)),
            category_top_id=category.parent_id or category.pk,
            name=name,
            name_folded=fold(name),
            slug=f"{prefix}-{n}",
            price=rng.randrange(10, 500) * 1000,
            stock=rng.randrange(0, 100),
            status=ProductStatus.LIVE,
            origin_commune=seller.commune,
            created_at=now - dt.timedelta(minutes=n),
        )
        # bulk_create skips save(), which writes the text the search reads.
        product.search_folded = product.search_text()
        if n % OCOP_EVERY == 0:
            decided = today - dt.timedelta(days=rng.randrange(0, 1000))
            product.ocop_best_stars = rng.choice([3, 4, 5])
            product.ocop_until = add_months(decided, OCOP_VALID_MONTHS)
            rated.append((product, decided))
        batch.append(product)
        if len(batch) == BATCH:
            Product.objects.bulk_create(batch)
            batch = []
    Product.objects.bulk_create(batch)
    certificates_generate(rated, verifier=verifier)
    return count


def certificates_generate(rated: list[tuple[Product, dt.date]], *, verifier: User) -> int:
    """The certificate each rated product shows, verified by `verifier` a week after its
    decision, with that decision recorded as its latest."""
    certificates = [
        OcopCertificate(
            product_id=product.pk,
            stars=product.ocop_best_stars,
            product_group="food",
            decision_number=f"{product.pk}/QĐ-UBND",
            decision_date=decided,
            expires_on=product.ocop_until,
            issuing_authority="UBND tỉnh",
            status=CertificateStatus.VERIFIED,
        )
        for product, decided in rated
    ]
    OcopCertificate.objects.bulk_create(certificates, batch_size=BATCH)
    tz = timezone.get_current_timezone()
    OcopDecision.objects.bulk_create(
        (
            OcopDecision(
                certificate=certificate,
                decision=CertificateStatus.VERIFIED,
                actor=verifier,
                source=DecisionSource.OFFICER,
                at=dt.datetime.combine(certificate.decision_date, dt.time(9), tzinfo=tz)
                + dt.timedelta(days=7),
            )
            for certificate in certificates
        ),
        batch_size=BATCH,
    )
    if certificates:
        latest = OcopDecision.objects.filter(certificate=OuterRef("pk")).order_by("-at", "-pk")
        OcopCertificate.objects.filter(
            pk__range=(certificates[0].pk, certificates[-1].pk), last_decision=None
        ).update(last_decision=Subquery(latest.values("pk")[:1]))
    return len(certificates)
