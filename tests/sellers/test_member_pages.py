"""The cooperative's "Thành viên" page in the seller portal, as its manager uses it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.onboarding.models import TakeoverCode
from marketplace.orders.models import OrderStatus, SellerOrder
from marketplace.orders.selectors import delivered_sales_by_seller
from marketplace.sellers.models import CooperativeMembership
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory, make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def coop():
    commune = CommuneFactory()
    manager = UserFactory(role=Role.COOP_MANAGER)
    member_user = UserFactory(role=Role.HOUSEHOLD)
    member = make_household_seller(user=member_user, commune=commune, head_name="Trần Thị Tâm")
    seller = make_cooperative_seller(
        managers=[manager], commune=commune, members=[member.household]
    )
    return {"manager": manager, "seller": seller, "member": member, "member_user": member_user}


def _members_url(coop):
    return reverse("portal:members", args=[coop["seller"].slug])


def _deliver(product, *, on: dt.datetime, quantity=1):
    order = place({product: quantity})
    SellerOrder.objects.filter(order=order).update(status=OrderStatus.DELIVERED, delivered_at=on)
    return order.seller_orders.get()


def test_manager_sees_members_with_their_shop_link(client, coop):
    client.force_login(coop["manager"])
    page = client.get(_members_url(coop)).content.decode()
    assert "Trần Thị Tâm" in page
    assert reverse("portal:shop", args=[coop["member"].slug]) in page


def test_the_members_page_reads_a_fixed_number_of_queries(client, coop):
    client.force_login(coop["manager"])
    client.get(_members_url(coop))
    with CaptureQueriesContext(connection) as few:
        client.get(_members_url(coop))
    for _ in range(4):
        household = make_household_seller(commune=coop["seller"].commune).household
        CooperativeMembership.objects.create(
            cooperative=coop["seller"].cooperative, household=household
        )
    with CaptureQueriesContext(connection) as many:
        client.get(_members_url(coop))
    assert len(many) == len(few) <= 10


def test_sales_per_member_counts_delivered_orders_of_the_period(client, coop, clock):
    clock.move_to(dt.datetime(2026, 11, 20, 10, 0, tzinfo=VN))
    product = make_product(seller=coop["member"], price=45_000, stock=50)
    _deliver(product, on=dt.datetime(2026, 11, 3, 9, 0, tzinfo=VN), quantity=2)
    _deliver(product, on=dt.datetime(2026, 11, 1, 0, 30, tzinfo=VN))  # 31/10 17:30 UTC
    _deliver(product, on=dt.datetime(2026, 10, 31, 23, 30, tzinfo=VN))  # last month
    place({product: 1})  # pending: not a sale
    sales = delivered_sales_by_seller(
        seller_ids=[coop["member"].pk], start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 20)
    )
    assert sales == {coop["member"].pk: {"orders": 2, "amount": 135_000}}
    client.force_login(coop["manager"])
    page = client.get(_members_url(coop)).content.decode()
    assert "135.000" in page and "01/11/2026" in page
    october = client.get(_members_url(coop), {"start": "2026-10-01", "end": "2026-10-31"})
    assert "45.000" in october.content.decode()


def test_a_backwards_period_is_refused_in_vietnamese(client, coop):
    client.force_login(coop["manager"])
    response = client.get(_members_url(coop), {"start": "2026-10-31", "end": "2026-10-01"})
    assert response.status_code == 400
    assert "Ngày bắt đầu phải trước ngày kết thúc" in response.content.decode()


def test_manager_adds_a_household_by_phone_with_its_consent(client, coop):
    household = HouseholdFactory(commune=coop["seller"].commune, phone="+84912000002")
    client.force_login(coop["manager"])
    refused = client.post(_members_url(coop), {"phone": "0912 000 002"})
    assert refused.status_code == 400
    assert "Hộ phải đồng ý tham gia" in refused.content.decode()
    response = client.post(_members_url(coop), {"phone": "0912 000 002", "consent": "on"})
    assert response.status_code == 302
    assert CooperativeMembership.objects.filter(household=household, ended_at=None).exists()


def test_manager_ends_a_membership_with_a_reason(client, coop):
    membership = CooperativeMembership.objects.get(household=coop["member"].household)
    url = reverse("portal:member_end", args=[coop["seller"].slug, membership.pk])
    client.force_login(coop["manager"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Chuyển nghề"}).status_code == 302
    membership.refresh_from_db()
    assert membership.end_reason == "Chuyển nghề" and membership.ended_by == coop["manager"]
    assert client.get(reverse("portal:shop", args=[coop["member"].slug])).status_code == 403


def test_manager_issues_a_password_code_for_a_member_shown_once(client, coop):
    url = reverse(
        "portal:member_code",
        args=[coop["seller"].slug, CooperativeMembership.objects.get().pk],
    )
    client.force_login(coop["manager"])
    page = client.post(url).content.decode()
    ticket = TakeoverCode.objects.get(user=coop["member_user"])
    assert ticket.created_by == coop["manager"]
    assert "Mã dùng một lần cho Trần Thị Tâm" in page
    assert ticket.code_hash not in page


def test_a_member_cannot_open_the_cooperatives_member_page(client, coop):
    client.force_login(coop["member_user"])
    assert client.get(_members_url(coop)).status_code == 403


def test_a_household_shop_has_no_member_page(client, coop):
    client.force_login(coop["member_user"])
    url = reverse("portal:members", args=[coop["member"].slug])
    assert client.get(url).status_code == 404


def test_portal_home_lists_member_shops_for_the_manager(client, coop):
    outsider = make_household_seller(commune=coop["seller"].commune)
    client.force_login(coop["manager"])
    page = client.get(reverse("portal:home")).content.decode()
    assert "Cửa hàng của thành viên" in page
    assert reverse("portal:shop", args=[coop["member"].slug]) in page
    assert reverse("portal:members", args=[coop["seller"].slug]) in page
    assert reverse("portal:shop", args=[outsider.slug]) not in page


def test_manager_reaches_member_orders_and_lots_but_not_an_outsiders(client, coop):
    outsider = make_household_seller(commune=coop["seller"].commune)
    client.force_login(coop["manager"])
    member = coop["member"].slug
    assert client.get(reverse("portal:lot_list", args=[member])).status_code == 200
    assert client.get(reverse("portal:lot_list", args=[outsider.slug])).status_code == 403
    order = place({make_product(seller=coop["member"]): 1}).seller_orders.get()
    detail = reverse("portal:order_detail", args=[member, order.number])
    assert client.get(detail).status_code == 200
    mine = client.get(reverse("portal:order_list", args=[member])).content.decode()
    assert order.number in mine


def test_an_officer_of_the_area_may_open_the_member_page(client, coop):
    client.force_login(OfficerFactory(communes=[coop["seller"].commune]))
    assert client.get(_members_url(coop)).status_code == 200
