"""The household funnel, defined once: registered -> trained -> onboarded -> selling.

Each stage says which rows put a household at that stage and through which paths
those rows lead to the household. The live figures (`households_with_funnel`, the
household page and the drill-down) and the monthly rollup (`rollup.rollup_refresh`)
both read these definitions, so they cannot disagree. All dates are when the step
was reached:

- registered: the household has its own login (the login's creation date);
- trained: it completed every course marked "required for trained" (date of the last one);
- onboarded: a live product of its own shop, or of its cooperative with it as producer
  (creation date of the oldest such product);
- selling: a delivered order of such a product in the last 90 days (earliest in that window).

The roster (every household an officer listed) is the denominator of every rate.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.orders.models import OrderStatus, SellerOrder
from marketplace.sellers.models import Household
from marketplace.training.models import Completion
from marketplace.training.selectors import required_course_ids

SELLING_WINDOW = timedelta(days=90)
STAGES = ("registered", "trained", "onboarded", "selling")

# registered ------------------------------------------------------------------------
REGISTERED = Q(user__isnull=False)
REGISTERED_ON = "user__date_joined"

# onboarded and selling: the household's own shop, or the products it produced for a
# cooperative. Each path leads from a product (or an order) to a household.
PRODUCT_HOUSEHOLDS = ("seller__household", "producer")
ORDER_HOUSEHOLDS = ("seller__household", "lines__product__producer")


def _of_household(paths: tuple[str, ...], household) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{path: household})
    return condition


def trained_on(required: list[int]) -> Subquery:
    """Per household: the date of its last required completion, once it has them all."""
    if not required:
        return Subquery(Completion.objects.none().values("completed_on")[:1])
    return Subquery(
        Completion.objects.filter(household=OuterRef("pk"), course_id__in=required, withdrawn=False)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"), last=Max("completed_on"))
        .filter(n=len(required))
        .values("last")[:1]
    )


def onboarding_products() -> QuerySet[Product]:
    """The products that make their households onboarded: the live ones."""
    return Product.objects.filter(status=ProductStatus.LIVE)


def onboarded_at() -> Subquery:
    return Subquery(
        onboarding_products()
        .filter(_of_household(PRODUCT_HOUSEHOLDS, OuterRef("pk")))
        .order_by("created_at")
        .values("created_at")[:1]
    )


def deliveries(*, after: datetime, until: datetime) -> QuerySet[SellerOrder]:
    """Orders delivered in (after, until]: the ones that make their households selling."""
    return SellerOrder.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__gt=after, delivered_at__lte=until
    )


def counts_as_selling(delivered_at: datetime, *, at: datetime) -> bool:
    """A delivery makes its households selling for the 90 days after it."""
    return at - SELLING_WINDOW < delivered_at <= at


def selling_since(now: datetime) -> Subquery:
    return Subquery(
        deliveries(after=now - SELLING_WINDOW, until=now)
        .filter(_of_household(ORDER_HOUSEHOLDS, OuterRef("pk")))
        .order_by("delivered_at")
        .values("delivered_at")[:1]
    )


def households_with_funnel(households: QuerySet[Household], *, now=None) -> QuerySet[Household]:
    """Annotate `trained_on`, `onboarded_at`, `selling_since` (None: not yet); the login's
    `date_joined` is the registered date."""
    now = now or timezone.now()
    return households.select_related("commune", "user").annotate(
        trained_on=trained_on(required_course_ids()),
        onboarded_at=onboarded_at(),
        selling_since=selling_since(now),
    )
