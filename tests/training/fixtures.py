"""A hand-counted area: the figures tests expect are worked out in the docstring."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import Category
from marketplace.orders.models import Order, OrderLine, SellerOrder
from marketplace.sellers.services import cooperative_create, seller_create
from marketplace.training.models import Completion
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

from .factories import make_course


def product(seller, commune, *, status="live", producer=None, created_at=None, ocop_until=None):
    category, _ = Category.objects.get_or_create(slug="trai-cay", defaults={"name": "Trái cây"})
    return ProductFactory(
        seller=seller,
        producer=producer,
        category=category,
        price=50_000,
        stock=5,
        status=status,
        origin_commune=commune,
        created_at=created_at or timezone.now(),
        ocop_best_stars=4 if ocop_until else 0,
        ocop_until=ocop_until,
    )


def delivered(seller, item, *, at):
    n = SellerOrder.objects.count() + 1
    order = Order.objects.create(
        name="Khách", phone="+84900000099", address="HN", commune=item.origin_commune
    )
    seller_order = SellerOrder.objects.create(
        order=order,
        seller=seller,
        number=f"SO{n}",
        status="delivered",
        goods_total=50_000,
        total=50_000,
        delivered_at=at,
    )
    OrderLine.objects.create(
        seller_order=seller_order,
        product=item,
        product_name=item.name,
        unit_price=50_000,
        quantity=1,
    )
    return seller_order


def complete(household, course, on, officer):
    return Completion.objects.create(
        household=household, course=course, completed_on=on, method="officer", recorded_by=officer
    )


def build_area(officer, commune_a):
    """Commune A (6 households), commune B (2), both the officer's; commune C (3) is not.

    A: h1 registered, trained, onboarded (own live product), selling (delivered 10 days ago)
       h2 registered, trained
       h3 one of the two required courses + the optional one: not trained
       h4 cooperative member, producer of the coop's live product: onboarded; its only
          delivery was 100 days ago: not selling
       h5, h6 nothing
    B: b1 trained; b2 nothing.          C: three trained households (outside the area).
    Area: roster 8, registered 2 (25,0 %), trained 3 (37,5 %), onboarded 2 (25,0 %),
    selling 1 (12,5 %), products online 2 (h1's and the coop's; h2's draft is not).
    Commune A: trained 2/6 = 33,3 %, selling 1/6 = 16,7 %.
    """
    from marketplace.accounts.models import OfficerArea

    now = timezone.now()
    today = timezone.localdate()
    commune_b = CommuneFactory()
    commune_c = CommuneFactory()
    OfficerArea.objects.create(user=officer, commune=commune_b)
    basic = make_course("Kỹ năng số cơ bản")
    selling_course = make_course("Bán hàng trên sàn thương mại điện tử")
    optional = make_course("Chụp ảnh sản phẩm", required=False)

    h = {f"h{i}": HouseholdFactory(commune=commune_a) for i in range(1, 7)}
    h["h1"].user = UserFactory(role="household")
    h["h1"].save()
    h["h2"].user = UserFactory(role="household")
    h["h2"].save()
    b1, _b2 = HouseholdFactory(commune=commune_b), HouseholdFactory(commune=commune_b)
    outside = [HouseholdFactory(commune=commune_c) for _ in range(3)]

    two_months_ago = today - timedelta(days=62)
    for household in (h["h1"], h["h2"], b1, *outside):
        complete(household, basic, two_months_ago, officer)
    complete(h["h1"], selling_course, today - timedelta(days=3), officer)
    complete(h["h2"], selling_course, two_months_ago, officer)
    complete(b1, selling_course, two_months_ago, officer)
    for household in outside:
        complete(household, selling_course, two_months_ago, officer)
    complete(h["h3"], basic, today, officer)
    complete(h["h3"], optional, today, officer)

    s1 = seller_create(household=h["h1"])
    # p1 holds a valid OCOP certificate, p4 an expired one: only p1 is an OCOP product online.
    p1 = product(
        s1,
        commune_a,
        created_at=now - timedelta(days=20),
        ocop_until=now.date() + timedelta(days=300),
    )
    delivered(s1, p1, at=now - timedelta(days=10))
    s2 = seller_create(household=h["h2"])
    product(s2, commune_a, status="draft")
    coop = cooperative_create(name="HTX Thử", commune=commune_a, members=[h["h4"]])
    coop_seller = seller_create(cooperative=coop)
    p4 = product(
        coop_seller,
        commune_a,
        producer=h["h4"],
        created_at=now - timedelta(days=120),
        ocop_until=now.date() - timedelta(days=1),
    )
    delivered(coop_seller, p4, at=now - timedelta(days=100))
    return {
        "h": h,
        "b1": b1,
        "commune_b": commune_b,
        "commune_c": commune_c,
        "outside": outside,
        "courses": (basic, selling_course, optional),
        "p1": p1,
        "two_months_ago": two_months_ago,
    }
