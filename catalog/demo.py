"""Demo products: the specialities of the six demo communes (demo_data/products.csv), with
drawn photos and OCOP certificates, listed through the catalog's own services."""

import csv
import datetime as dt
from pathlib import Path

from django.utils import timezone

from marketplace.core.demo import demo_moment, demo_step

from .certificates import certificate_add, certificate_verify
from .demo_photos import certificate_scan, product_photo
from .models import Category, CertificateStatus, OcopCertificate, Product, ProductStatus
from .services import product_create, product_photo_add

PRODUCTS_CSV = Path(__file__).resolve().parent / "demo_data" / "products.csv"
# Shops whose products the officer listed for them (assisted onboarding, logged as such).
ASSISTED = {"nga", "ba", "sa_ray"}
# The day Bến Tre and Trà Vinh became part of Vĩnh Long: decisions before it bear the
# former province's name.
MERGED_ON = dt.date(2025, 7, 1)
FORMER_PROVINCE = {"cau_ke": "Trà Vinh"}
OCOP_GROUPS = {"do-uong": "beverages", "thao-duoc": "herbs", "thu-cong-my-nghe": "handicrafts"}
OCOP_GROUPS |= {"sinh-vat-canh": "ornamental"}


def _rows() -> list[dict]:
    with open(PRODUCTS_CSV, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _actor(context, seller_key: str, seller):
    if seller_key in ASSISTED:
        return context.users["officer"]
    if seller.household_id:
        return seller.household.user
    return seller.cooperative.managers.order_by("pk").first()


def _authority(ocop: str, decided: dt.date, commune_key: str) -> str:
    if ocop.startswith("5"):
        return "Bộ Nông nghiệp và Môi trường"
    if decided < MERGED_ON:
        return f"UBND tỉnh {FORMER_PROVINCE.get(commune_key, 'Bến Tre')}"
    return "UBND tỉnh Vĩnh Long"


def _certificate(context, *, product, row, category, rng):
    """Verified (digits only), waiting for the officer ("?") or expired ("x")."""
    ocop = row["ocop"]
    stars = int(ocop[0])
    today = timezone.localdate()
    if ocop.endswith("x"):
        decided = today - dt.timedelta(days=40 * 31)  # past its 36 months
    elif ocop.endswith("?"):
        decided = today - dt.timedelta(days=rng.randint(10, 45))
    else:
        decided = today - dt.timedelta(days=rng.randint(90, 900))
    number = f"{rng.randint(120, 3400)}/QĐ-{'BNNMT' if stars == 5 else 'UBND'}"
    top = category.parent.slug if category.parent_id else category.slug
    certificate = certificate_add(
        actor=_actor(context, row["seller"], product.seller),
        product=product,
        stars=stars,
        product_group=OCOP_GROUPS.get(top, "food"),
        decision_number=number,
        decision_date=decided,
        issuing_authority=_authority(ocop, decided, _commune_key(context, product.seller)),
        scan=certificate_scan(number=number, stars=stars),
    )
    if not ocop.endswith("?"):
        certificate_verify(actor=context.users["officer"], certificate=certificate)


def _commune_key(context, seller) -> str:
    by_id = {commune.pk: key for key, commune in context.communes.items()}
    return by_id.get(seller.commune.pk, "")


def _product(context, row: dict, category: Category) -> Product:
    seller = context.sellers[row["seller"]]
    rng = context.rng(row["name"])
    producer = context.households[row["producer"]] if row["producer"] else None
    actor = _actor(context, row["seller"], seller)
    product = product_create(
        actor=actor,
        seller=seller,
        name=row["name"],
        category=category,
        price=int(row["price"]),
        unit=row["unit"],
        stock=int(row["stock"]),
        weight_grams=int(row["weight_grams"]),
        local_only=bool(row["local_only"]),
        status=ProductStatus.LIVE,
        producer=producer,
        description=row["description"],
    )
    product_photo_add(
        actor=actor,
        product=product,
        upload=product_photo(
            name=row["name"],
            category=category.slug,
            parent=category.parent.slug if category.parent_id else "",
        ),
    )
    if row["ocop"]:
        _certificate(context, product=product, row=row, category=category, rng=rng)
    # Listed over the past months, after the shop's login and before its orders (up to
    # 75 days old): the newest products, and the month each household came online on the
    # dashboard, read this date.
    login = seller.household.user if seller.household_id else None
    since = (timezone.now() - login.date_joined).days - 5 if login else 300
    listed = demo_moment(rng.randint(80, max(80, since)), hour=rng.randint(7, 20))
    Product.objects.filter(pk=product.pk).update(created_at=listed)
    return product


@demo_step(40)
def seed(context):
    categories = Category.objects.select_related("parent").in_bulk(field_name="slug")
    made = 0
    for row in _rows():
        seller = context.sellers[row["seller"]]
        if Product.objects.filter(seller=seller, name=row["name"]).exists():
            continue
        _product(context, row, categories[row["category"]])
        made += 1
    context.extra["products"] = made
    live = Product.objects.filter(status=ProductStatus.LIVE).count()
    expired = OcopCertificate.objects.filter(expires_on__lt=timezone.localdate()).count()
    pending = OcopCertificate.objects.filter(status=CertificateStatus.PENDING).count()
    context.log.append(
        f"catalog: {live} live products ({made} new), {pending} OCOP certificate(s) waiting "
        f"for the officer, {expired} expired"
    )
