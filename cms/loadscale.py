"""Load-scale data on a seeded site (`manage.py loadscale`), for benchmarks anyone can rerun.

Households in communes of the demo's provinces, one in four of them a shop with a
published storefront, products in the existing categories (one in eight OCOP-rated with
a verified, valid certificate) and a year of orders with their payments, shipments and
histories. Each app makes its own rows (`sellers`, `catalog` and `orders`' loadscale.py),
with `bulk_create` in batches, so everything `save()` and the services would derive is
set there; this run, above every layer it fills, opens the shops and publishes their
storefronts, then rebuilds the caches and rollups once.
Deterministic for a given seed (apart from the current time).
"""

import random
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from catalog.loadscale import products_generate
from catalog.models import Category, OcopCertificate, Product
from catalog.signals import catalog_changed
from marketplace.accounts.models import Role, User
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.orders.loadscale import orders_generate
from marketplace.orders.models import SellerOrder
from marketplace.regions.demo import DEMO_COMMUNES
from marketplace.regions.models import Commune
from marketplace.sellers.loadscale import households_generate
from marketplace.sellers.models import Household, Seller
from marketplace.sellers.services import seller_create

from .models import StorefrontPage

SELLER_EVERY = 4  # one household in four keeps a shop
COMMUNES_USED = 40  # households gather in some communes, as a programme's do


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


def sellers_open(households: list[Household]) -> list[Seller]:
    """A shop for each household, through the sellers' service (which asks the CMS for a
    draft storefront), published as the demo's are: approved, for the benchmarks to visit."""
    sellers = [seller_create(household=household) for household in households]
    for page in StorefrontPage.objects.filter(seller__in=sellers, live=False):
        page.get_latest_revision().publish()
    return sellers


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
