import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from catalog.models import Category
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory
from tests.sellers.factories import make_household_seller
from traceability.services import lot_create

_numbers = itertools.count(1)


def make_category():
    n = next(_numbers)
    return Category.objects.create(name=f"Trái cây {n}", slug=f"trai-cay-{n}")


def make_product(*, seller=None, name="Bưởi da xanh", status="live", **fields):
    if seller is None:
        seller = make_household_seller(user=UserFactory(role="household"))
    fields.setdefault("category", None)
    fields["category"] = fields["category"] or make_category()
    fields.setdefault("price", 45000)
    return ProductFactory(
        seller=seller, name=name, status=status, origin_commune=seller.commune, **fields
    )


def make_lot(*, product=None, actor=None, **fields):
    product = product or make_product()
    actor = actor or product.seller.household.user
    fields.setdefault("quantity", Decimal("120"))
    fields.setdefault("unit", "kg")
    return lot_create(product=product, actor=actor, **fields)


def days_ago(days, hour=7):
    return (timezone.localtime() - dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
