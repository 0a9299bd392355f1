"""Every event that moves a household refreshes its commune's rollup after commit.

Each test drives one event through the service a person's click calls, lets the
transaction commit, and checks that the dashboard (the rollup) and the household's
page (computed live) say the same thing.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from catalog.certificates import certificate_add, certificate_verify
from catalog.models import Category, ProductStatus
from catalog.services import product_archive, product_create
from marketplace.dashboard.models import DashboardRollup
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.dashboard.selectors import dashboard_figures, household_funnel
from marketplace.onboarding.services import household_register_by_officer, onboarding_assist
from marketplace.orders.models import Order, OrderLine, OrderStatus, SellerOrder
from marketplace.orders.states import seller_order_transition
from marketplace.sellers.models import Household
from marketplace.sellers.services import cooperative_create, seller_create
from marketplace.training.services import completion_record
from tests.catalog.factories import scan_upload
from tests.sellers.factories import HouseholdFactory
from tests.training.factories import make_course

pytestmark = pytest.mark.django_db


def figures(officer, commune) -> dict:
    rows = dashboard_figures(user=officer, commune=commune).communes
    return rows[0].counts if rows else {}


def agree(officer, household, client) -> dict:
    """The dashboard's counts for the household's commune, after checking both pages agree."""
    counts = figures(officer, household.commune)
    funnel = household_funnel(household=household)
    client.force_login(officer)
    page = client.get(f"/can-bo/ho/{household.pk}/").content.decode()
    dashboard = client.get(f"/can-bo/?commune={household.commune_id}").content.decode()
    assert str(counts["roster"]) in dashboard
    for stage in ("registered", "trained", "onboarded", "selling"):
        # This household is the commune's only one that moves in these tests.
        assert (getattr(funnel, stage) is not None) == (counts[stage] == 1), stage
    assert household.head_name in page
    return counts


@pytest.fixture
def seller_of(officer, commune):
    household = HouseholdFactory(commune=commune, phone="+84912000111")
    seller = seller_create(household=household)
    rollup_refresh()
    return seller


def live_product(seller, officer, **extra):
    category, _ = Category.objects.get_or_create(slug="rau", defaults={"name": "Rau"})
    return product_create(
        actor=officer,
        seller=seller,
        name="Rau muống",
        category=category,
        price=20_000,
        unit="kg",
        stock=10,
        status=ProductStatus.LIVE,
        **extra,
    )


def test_hand_registration_moves_the_roster(
    officer, commune, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        household = household_register_by_officer(
            actor=officer, head_name="Lò Văn Páo", commune=commune, phone="0912 345 678"
        )
    assert agree(officer, household, client)["roster"] == 1


def test_roster_import_moves_the_roster_of_each_commune_once(
    officer, commune, client, django_capture_on_commit_callbacks
):
    from marketplace.dashboard.models import DashboardRefresh
    from marketplace.onboarding.roster import roster_cells
    from marketplace.onboarding.services import roster_import

    data = (
        "Chủ hộ,Số điện thoại,CCCD,Xã,Loại hình\n"
        f"Nguyễn Văn An,0912345001,,{commune.code},\n"
        f"Lê Thị Cúc,0912345002,,{commune.code},\n"
    ).encode()
    rollup_refresh()
    before = DashboardRefresh.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        check = roster_import(actor=officer, cells=roster_cells(name="ds.csv", data=data))
    assert check.ok and DashboardRefresh.objects.count() == before + 1
    household = Household.objects.get(phone="+84912345001")
    assert agree(officer, household, client)["roster"] == 2


def test_assisted_onboarding_moves_registered(
    officer, commune, client, django_capture_on_commit_callbacks
):
    household = HouseholdFactory(commune=commune, phone="+84912000222")
    rollup_refresh()
    assert figures(officer, commune)["registered"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        onboarding_assist(actor=officer, household=household, consent=True)
    assert agree(officer, household, client)["registered"] == 1


def test_completion_of_the_last_required_course_moves_trained(
    officer, commune, client, django_capture_on_commit_callbacks
):
    course = make_course("Kỹ năng số cơ bản")
    household = HouseholdFactory(commune=commune)
    rollup_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        completion_record(
            actor=officer, household=household, course=course, on=timezone.localdate()
        )
    assert agree(officer, household, client)["trained"] == 1


def test_first_live_product_then_its_archiving_move_onboarded(
    officer, seller_of, client, django_capture_on_commit_callbacks
):
    household = seller_of.household
    with django_capture_on_commit_callbacks(execute=True):
        product = live_product(seller_of, officer)
    assert agree(officer, household, client)["onboarded"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        product_archive(actor=officer, product=product)
    assert agree(officer, household, client)["onboarded"] == 0


def test_cooperative_product_moves_its_producer_in_its_own_commune(
    officer, commune, client, django_capture_on_commit_callbacks
):
    member = HouseholdFactory(commune=commune)
    coop = cooperative_create(name="HTX Chè", commune=commune, members=[member])
    coop_seller = seller_create(cooperative=coop)
    rollup_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        live_product(coop_seller, officer, producer=member)
    assert agree(officer, member, client)["onboarded"] == 1


def test_delivered_order_moves_selling(
    officer, seller_of, client, django_capture_on_commit_callbacks
):
    product = live_product(seller_of, officer)
    order = Order.objects.create(
        name="Khách", phone="+84900000099", address="HN", commune=product.origin_commune
    )
    seller_order = SellerOrder.objects.create(
        order=order,
        seller=seller_of,
        number="SO1",
        status=OrderStatus.SHIPPED,
        goods_total=20_000,
        total=20_000,
    )
    OrderLine.objects.create(
        seller_order=seller_order,
        product=product,
        product_name=product.name,
        unit_price=20_000,
        quantity=1,
    )
    rollup_refresh()
    assert figures(officer, seller_of.household.commune)["selling"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.DELIVERED, actor=officer
        )
    assert agree(officer, seller_of.household, client)["selling"] == 1


def test_an_ocop_certificate_moves_ocop_products_online_once_verified(
    officer, seller_of, client, django_capture_on_commit_callbacks
):
    product = live_product(seller_of, officer)
    rollup_refresh()
    assert figures(officer, seller_of.household.commune)["products_ocop"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_add(
            actor=officer,
            product=product,
            stars=4,
            product_group="food",
            decision_number="123/QĐ-UBND",
            decision_date=timezone.localdate() - timedelta(days=30),
            issuing_authority="UBND tỉnh",
            scan=scan_upload(),
        )
    assert agree(officer, seller_of.household, client)["products_ocop"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        certificate_verify(actor=officer, certificate=certificate)
    assert agree(officer, seller_of.household, client)["products_ocop"] == 1


def test_one_transaction_ends_in_one_refresh(officer, commune, django_capture_on_commit_callbacks):
    from marketplace.dashboard.models import DashboardRefresh

    rollup_refresh()
    before = DashboardRefresh.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            household_register_by_officer(
                actor=officer, head_name=f"Hộ {n}", commune=commune, phone=f"091200033{n}"
            )
    assert DashboardRefresh.objects.count() == before + 1
    assert figures(officer, commune)["roster"] == 5


def test_nothing_moves_before_commit_or_after_a_rollback(officer, commune):
    rollup_refresh()
    household_register_by_officer(
        actor=officer, head_name="Hộ chưa lưu", commune=commune, phone="0912000444"
    )
    # Inside the test's transaction nothing has committed: the rollup is as it was.
    assert not DashboardRollup.objects.filter(commune=commune, roster__gt=0).exists()


def test_a_new_day_refreshes_every_commune(officer, commune):
    """A certificate expiring overnight leaves "OCOP products online" in every commune."""
    import time_machine

    other = HouseholdFactory().commune
    with time_machine.travel(date(2026, 11, 10), tick=False):
        rollup_refresh()
    with time_machine.travel(date(2026, 11, 11), tick=False):
        assert rollup_refresh(commune_ids=[commune.pk]) >= 1
        assert DashboardRollup.objects.filter(commune=other, month=date(2026, 11, 1)).exists()
