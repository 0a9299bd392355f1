"""Load-scale data on a seeded site (`manage.py loadscale`), for benchmarks anyone can rerun.

Households in communes of the demo's provinces, one in four of them a shop with a
published storefront, products in the existing categories (one in eight OCOP-rated with
a verified, valid certificate) and a year of orders with their payments, shipments and
histories. Rows are written with `bulk_create` in batches, so everything `save()` and
the services would derive is set here, then the caches and rollups are rebuilt once.
It lives in `cms` because it writes every layer's rows, storefront pages included.
Deterministic for a given seed (apart from the current time).
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from catalog.models import (
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
from catalog.signals import catalog_changed
from marketplace.accounts.models import Role, User
from marketplace.core.text import fold
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.delivery.models import Kind, Shipment
from marketplace.orders.models import Order, OrderEvent, OrderLine, OrderStatus, SellerOrder
from marketplace.payments.models import Method, Payment, PaymentStatus
from marketplace.regions.demo import DEMO_COMMUNES
from marketplace.regions.models import Commune
from marketplace.sellers.models import FarmType, Household, Seller
from marketplace.sellers.services import seller_create

from .models import StorefrontPage

WORDS = ["Kẹo dừa", "Nước mắm", "Hạt dẻ", "Chè", "Bưởi", "Sầu riêng", "Mật ong", "Gạo", "Tiêu"]
PLACES = ["Mỏ Cày", "Tam Quan", "Trùng Khánh", "Định Hóa", "Chợ Lách", "Giồng Trôm", "Phú Quốc"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Yến"]
BATCH = 5000
OCOP_EVERY = 8  # one product in eight is OCOP-rated
SELLER_EVERY = 4  # one household in four keeps a shop
COMMUNES_USED = 40  # households gather in some communes, as a programme's do
ORDER_BATCH = 2000

S = OrderStatus
# How long after the order each step happens; an order too young for a step stops before it.
STEP_AFTER = {
    S.CONFIRMED: dt.timedelta(hours=3),
    S.SHIPPED: dt.timedelta(days=1),
    S.DELIVERED: dt.timedelta(days=3),
    S.CANCELLED: dt.timedelta(hours=5),
    S.REFUNDED: dt.timedelta(days=6),
}
CHAINS = {
    S.PENDING: [],
    S.CONFIRMED: [S.CONFIRMED],
    S.SHIPPED: [S.CONFIRMED, S.SHIPPED],
    S.DELIVERED: [S.CONFIRMED, S.SHIPPED, S.DELIVERED],
    S.CANCELLED: [S.CANCELLED],
    S.REFUNDED: [S.CONFIRMED, S.SHIPPED, S.DELIVERED, S.REFUNDED],
}
STATUS_WEIGHTS = {
    S.DELIVERED: 72,
    S.CANCELLED: 12,
    S.REFUNDED: 3,
    S.SHIPPED: 5,
    S.CONFIRMED: 4,
    S.PENDING: 4,
}
# An order still pending this long after it was placed has been cancelled by the timer
# (the shortest hold is VietQR's 24 hours; generated orders are cash on delivery, 48).
PENDING_AT_MOST = dt.timedelta(hours=24)
# Sellers deliver within days: an order confirmed or shipped long ago has been delivered.
UNDER_WAY_AT_MOST = dt.timedelta(days=10)
PAYMENT_OF = {
    S.PENDING: PaymentStatus.PENDING,
    S.CONFIRMED: PaymentStatus.PENDING,
    S.SHIPPED: PaymentStatus.PENDING,
    S.DELIVERED: PaymentStatus.PAID,
    S.CANCELLED: PaymentStatus.VOIDED,
    S.REFUNDED: PaymentStatus.REFUNDED,
}


class LoadScaleError(Exception):
    pass


@dataclass
class Made:
    """What a run made, and how long each part took (seconds)."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str, progress: Callable[[str], None], *, atomic: bool = True):
        """One part of the run, timed, in one transaction (SQLite writes far faster so)."""
        progress(f"{name}...")
        started = time.perf_counter()
        with transaction.atomic() if atomic else nullcontext():
            yield
        self.seconds[name] = time.perf_counter() - started


def loadscale_generate(
    *,
    products: int = 100_000,
    households: int = 600,
    orders: int = 20_000,
    seed: int = 7,
    progress: Callable[[str], None] = lambda message: None,
) -> Made:
    """Add the load-scale data to a site seeded with the demo (its provinces, categories
    and officers). Refuses to run twice with one seed: the slugs it makes would collide."""
    prefix = f"tai{seed}"
    if Product.objects.filter(slug__startswith=f"{prefix}-").exists():
        raise LoadScaleError(f"Seed {seed} was generated here already: choose another --seed.")
    rng, made, now = random.Random(seed), Made(), timezone.now()
    communes, verifier = _communes(rng), _verifier()
    with made.step("households", progress):
        homes = households_generate(households, communes=communes, rng=rng, now=now)
        made.counts["households"] = len(homes)
    with made.step("shops", progress):
        sellers = sellers_open(homes[::SELLER_EVERY])
        made.counts["shops"] = len(sellers)
    with made.step("products", progress):
        made.counts["products"] = products_generate(
            products, sellers=sellers, verifier=verifier, seed=seed, prefix=prefix
        )
        made.counts["OCOP certificates"] = OcopCertificate.objects.filter(
            product__seller__in=sellers
        ).count()
    with made.step("orders", progress):
        made.counts["orders"] = orders_generate(orders, prefix=prefix, rng=rng, now=now)
        made.counts["seller orders"] = SellerOrder.objects.filter(seller__in=sellers).count()
    with made.step("derived", progress, atomic=False):
        made.counts["dashboard communes"] = derived_refresh()
    return made


def _communes(rng: random.Random) -> list[Commune]:
    """Some current communes of the provinces the demo's communes are in."""
    provinces = Commune.objects.filter(code__in=DEMO_COMMUNES.values()).values("province")
    communes = list(
        Commune.objects.filter(province__in=provinces, is_current=True)
        .select_related("province")
        .order_by("code")
    )
    if not communes or not Category.objects.exclude(parent=None).exists():
        raise LoadScaleError("The demo's provinces and categories are missing: run seed_demo.")
    return rng.sample(communes, min(COMMUNES_USED, len(communes)))


def _verifier() -> User:
    """Who verified the generated certificates: the site's first officer or administrator."""
    user = User.objects.filter(role__in=[Role.OFFICER, Role.ADMIN]).order_by("pk").first()
    if user is None:
        raise LoadScaleError("No officer to verify OCOP certificates: run seed_demo.")
    return user


def households_generate(
    count: int, *, communes: list[Commune], rng: random.Random, now: dt.datetime
) -> list[Household]:
    """`count` households registered over the past year, with their communes loaded."""
    rows = []
    for _ in range(count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        rows.append(
            Household(
                head_name=name,
                head_name_folded=fold(name),  # bulk_create skips save(), which folds it
                phone=f"+849{rng.randrange(10**8):08d}",
                commune=rng.choice(communes),
                farm_type=rng.choice(FarmType.values),
                registered_at=now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60)),
            )
        )
    return Household.objects.bulk_create(rows, batch_size=BATCH)


def sellers_open(households: list[Household]) -> list[Seller]:
    """A shop for each household, through the sellers' service (which asks the CMS for a
    draft storefront), published as the demo's are: approved, for the benchmarks to visit."""
    sellers = [seller_create(household=household) for household in households]
    for page in StorefrontPage.objects.filter(seller__in=sellers, live=False):
        page.get_latest_revision().publish()
    return sellers


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


class _Shelf:
    """The generated live products, by seller: what generated orders buy."""

    def __init__(self, prefix: str):
        self.by_seller: dict[int, list[tuple]] = defaultdict(list)
        rows = Product.objects.filter(slug__startswith=f"{prefix}-", status=ProductStatus.LIVE)
        for row in rows.order_by("pk").values_list("pk", "seller_id", "name", "price"):
            self.by_seller[row[1]].append(row)
        self.sellers = sorted(self.by_seller)

    def basket(self, rng: random.Random) -> dict[int, list[tuple]]:
        """One seller's products (85 %) or two sellers' (15 %), one to three of each."""
        two = rng.random() < 0.15 and len(self.sellers) > 1
        basket = {}
        for seller in sorted(rng.sample(self.sellers, 2 if two else 1)):
            shelf = self.by_seller[seller]
            basket[seller] = rng.sample(shelf, min(rng.randint(1, 3), len(shelf)))
        return basket


def status_at(rng: random.Random, *, age: dt.timedelta) -> str:
    """A status drawn by the weights, cut back to the steps an order of `age` has had time for."""
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    chain = CHAINS[status]
    while chain and STEP_AFTER[chain[-1]] > age:
        chain = chain[:-1]
    status = chain[-1] if chain else S.PENDING
    if status == S.PENDING and age > PENDING_AT_MOST:
        return S.CANCELLED
    if status in (S.CONFIRMED, S.SHIPPED) and age > UNDER_WAY_AT_MOST:
        return S.DELIVERED
    return status


def orders_generate(count: int, *, prefix: str, rng: random.Random, now: dt.datetime) -> int:
    """`count` guest orders over the past year, cash on delivery, in every state."""
    shelf = _Shelf(prefix)
    communes = list(Commune.objects.filter(households__isnull=False).distinct().order_by("pk"))
    if not shelf.sellers:
        return 0
    for start in range(0, count, ORDER_BATCH):
        size = min(ORDER_BATCH, count - start)
        orders = [_order(rng, now=now, communes=communes) for _ in range(size)]
        Order.objects.bulk_create(orders)
        parts = []
        for order in orders:
            status = status_at(rng, age=now - order.created_at)
            for index, (seller_id, lines) in enumerate(shelf.basket(rng).items(), start=1):
                parts.append(_seller_order(order, index, seller_id, lines, status, rng))
        _parts_save(parts)
    return count


def _order(rng: random.Random, *, now: dt.datetime, communes: list[Commune]) -> Order:
    return Order(
        token=f"{rng.getrandbits(128):032x}",
        name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        phone=f"+8491{rng.randrange(10**7):07d}",
        address=f"{rng.randint(1, 300)} ấp {rng.randint(1, 9)}",
        commune=rng.choice(communes),
        payment_method=Method.COD,
        created_at=now - dt.timedelta(seconds=rng.randrange(365 * 24 * 3600)),
    )


@dataclass
class _Part:
    seller_order: SellerOrder
    lines: list[OrderLine]
    events: list[tuple[str, str, dt.datetime]]


def _seller_order(order, index, seller_id, lines, status, rng) -> _Part:
    """One seller's part of `order`, with its lines and the history that led to `status`."""
    lines = [
        OrderLine(product_id=pk, product_name=name, unit_price=price, quantity=rng.randint(1, 3))
        for pk, _, name, price in lines
    ]
    goods = sum(line.unit_price * line.quantity for line in lines)
    placed = order.created_at
    events, before = [("", S.PENDING, placed)], S.PENDING
    for to in CHAINS[status]:
        events.append((before, to, placed + STEP_AFTER[to]))
        before = to
    delivered = [at for _, to, at in events if to == S.DELIVERED]
    seller_order = SellerOrder(
        order=order,
        seller_id=seller_id,
        number=f"CS{order.pk:06d}-{index}",
        status=status,
        goods_total=goods,
        delivery_fee=0,
        total=goods,
        created_at=placed,
        hold_until=placed + dt.timedelta(hours=settings.ORDER_HOLD_HOURS[Method.COD]),
        delivered_at=delivered[0] if delivered else None,
    )
    return _Part(seller_order=seller_order, lines=lines, events=events)


def _parts_save(parts: list[_Part]) -> None:
    """The seller orders, then what hangs from each: lines, history, payment, shipment."""
    SellerOrder.objects.bulk_create([part.seller_order for part in parts])
    lines, events, payments, shipments = [], [], [], []
    for part in parts:
        order = part.seller_order
        for line in part.lines:
            line.seller_order = order
            lines.append(line)
        events += [
            OrderEvent(seller_order=order, from_status=before, to_status=to, created_at=at)
            for before, to, at in part.events
        ]
        payments.append(_payment(order, last_at=part.events[-1][2]))
        shipments.append(
            Shipment(
                seller_order=order,
                kind=Kind.ARRANGED,
                label="Người bán gọi để thỏa thuận giao hàng",
                created_at=order.created_at,
            )
        )
    OrderLine.objects.bulk_create(lines, batch_size=BATCH)
    OrderEvent.objects.bulk_create(events, batch_size=BATCH)
    Payment.objects.bulk_create(payments, batch_size=BATCH)
    Shipment.objects.bulk_create(shipments, batch_size=BATCH)


def _payment(seller_order: SellerOrder, *, last_at: dt.datetime) -> Payment:
    """Cash on delivery: paid when delivered, voided when cancelled, returned when refunded."""
    status = PAYMENT_OF[seller_order.status]
    paid = status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    return Payment(
        seller_order=seller_order,
        method=Method.COD,
        amount=seller_order.total,
        status=status,
        created_at=seller_order.created_at,
        paid_at=seller_order.delivered_at if paid else None,
        refunded_at=last_at if status == PaymentStatus.REFUNDED else None,
    )


def derived_refresh() -> int:
    """What bulk writes leave stale: the catalog's cache version, its facet counts where
    the catalog keeps them, the dashboard's rollup and the planner's statistics. (On
    SQLite the search's FTS5 mirror followed the inserts, by its triggers.)"""
    catalog_changed()
    try:
        from catalog.facets import facet_counts_rebuild
    except ImportError:
        pass
    else:
        facet_counts_rebuild()
    communes = rollup_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return communes
