"""Two areas, A and B, each with its officer and its shop; a buyer; and everything of A's.

The security tests request A's objects as people who must not reach them.
"""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from catalog import services as catalog_services
from cms.models import StorefrontPage
from cms.services import site_root_ensure
from marketplace.accounts.models import Role, User
from marketplace.delivery.models import DeliveryOption, Kind
from marketplace.delivery.services import option_save
from marketplace.orders.models import SellerOrder
from marketplace.sellers.models import CooperativeMembership, Household, Seller
from marketplace.training.models import TrainingSession
from marketplace.training.services import session_create
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.orders.factories import place
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import (
    HouseholdFactory,
    make_cooperative_seller,
    make_household_seller,
)
from tests.training.factories import make_course
from traceability.models import EventKind, Lot
from traceability.services import event_record, lot_create

# Locally each run tries new inputs; in CI the same ones every time, so that a run is
# repeatable and a new finding comes from a developer's machine, not a flaky build.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@dataclass
class World:
    farmer_a: User
    seller_a: Seller
    product_a: object
    certificate_a: object
    photo_a: object
    lot_a: Lot
    event_a: object
    storefront_a: StorefrontPage
    order_a: object
    seller_order_a: SellerOrder
    buyer_a: User
    officer_a: User
    household_a: Household
    session_a: TrainingSession
    course: object
    farmer_b: User
    seller_b: Seller
    officer_b: User
    buyer_c: User
    # Seller A's household is a member of cooperative A; seller B's of cooperative B.
    coop_manager_a: User
    coop_seller_a: Seller
    membership_a: CooperativeMembership
    coop_manager_b: User
    delivery_option_a: DeliveryOption


@pytest.fixture
def world(db) -> World:
    site_root_ensure()
    commune_a, commune_b = CommuneFactory(), CommuneFactory()
    farmer_a = UserFactory(role=Role.HOUSEHOLD)
    seller_a = make_household_seller(user=farmer_a, commune=commune_a)
    product_a = ProductFactory(seller=seller_a, name="Kẹo dừa Bến Tre", stock=50)
    certificate_a = CertificateFactory(product=product_a)
    photo_a = catalog_services.product_photo_add(
        actor=farmer_a, product=product_a, upload=jpeg_upload()
    )
    storefront_a = StorefrontPage.objects.get(seller=seller_a)
    storefront_a.story = "<p>Nhà tôi làm kẹo dừa.</p>"
    storefront_a.save_revision().publish()
    lot_a = lot_create(product=product_a, actor=farmer_a, quantity=Decimal("100"), unit="kg")
    event_a, _warnings = event_record(
        lot=lot_a,
        actor=farmer_a,
        kind=EventKind.HARVEST,
        occurred_at=timezone.now() - dt.timedelta(days=1),
        commune=commune_a,
    )
    buyer_a = UserFactory()
    order_a = place({product_a: 2}, buyer=buyer_a, commune=commune_a)
    officer_a = OfficerFactory(communes=[commune_a])
    course = make_course("Kỹ năng số cơ bản")
    session_a = session_create(
        actor=officer_a, course=course, on=timezone.localdate(), commune=commune_a, trainer="Cô Hà"
    )
    farmer_b = UserFactory(role=Role.HOUSEHOLD)
    seller_b = make_household_seller(user=farmer_b, commune=commune_b)
    ProductFactory(seller=seller_b)
    coop_manager_a = UserFactory(role=Role.COOP_MANAGER)
    coop_seller_a = make_cooperative_seller(
        managers=[coop_manager_a], commune=commune_a, members=[seller_a.household]
    )
    coop_manager_b = UserFactory(role=Role.COOP_MANAGER)
    make_cooperative_seller(
        managers=[coop_manager_b], commune=commune_b, members=[seller_b.household]
    )
    return World(
        farmer_a=farmer_a,
        seller_a=seller_a,
        product_a=product_a,
        certificate_a=certificate_a,
        photo_a=photo_a,
        lot_a=lot_a,
        event_a=event_a,
        storefront_a=storefront_a,
        order_a=order_a,
        seller_order_a=order_a.seller_orders.get(),
        buyer_a=buyer_a,
        officer_a=officer_a,
        household_a=HouseholdFactory(commune=commune_a),
        session_a=session_a,
        course=course,
        farmer_b=farmer_b,
        seller_b=seller_b,
        officer_b=OfficerFactory(communes=[commune_b]),
        buyer_c=UserFactory(),
        coop_manager_a=coop_manager_a,
        coop_seller_a=coop_seller_a,
        membership_a=CooperativeMembership.objects.get(household=seller_a.household),
        coop_manager_b=coop_manager_b,
        delivery_option_a=option_save(
            option=DeliveryOption(seller=seller_a, kind=Kind.OWN, name="Xe máy nhà A", fee=20000)
        ),
    )
