"""Cooperatives act for their member households: membership, the shared access
predicate, the list of shops a person manages, and the assisted-act log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import services as catalog_services
from marketplace.accounts.models import Role
from marketplace.sellers.errors import SellerError
from marketplace.sellers.models import AssistedAct, CooperativeMembership
from marketplace.sellers.permissions import can_issue_code, can_manage_seller
from marketplace.sellers.selectors import (
    acts_for_members,
    cooperative_members,
    sellers_managed_by,
)
from marketplace.sellers.services import membership_add, membership_end
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import ProductFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import HouseholdFactory, make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    """A cooperative with one member shop, and a household shop that is not a member."""
    commune = CommuneFactory()
    manager = UserFactory(role=Role.COOP_MANAGER)
    member_user = UserFactory(role=Role.HOUSEHOLD)
    member = make_household_seller(user=member_user, commune=commune, phone="+84912000001")
    outsider = make_household_seller(user=UserFactory(role=Role.HOUSEHOLD), commune=commune)
    seller = make_cooperative_seller(
        managers=[manager], commune=commune, members=[member.household]
    )
    return type(
        "Coop",
        (),
        {
            "manager": manager,
            "seller": seller,
            "cooperative": seller.cooperative,
            "member": member,
            "member_user": member_user,
            "outsider": outsider,
            "commune": commune,
        },
    )


def test_manager_may_run_a_member_shop_but_not_a_non_member_shop(coop):
    assert can_manage_seller(coop.manager, coop.member)
    assert not can_manage_seller(coop.manager, coop.outsider)


def test_member_may_not_run_the_cooperative_shop(coop):
    assert can_manage_seller(coop.member_user, coop.member)
    assert not can_manage_seller(coop.member_user, coop.seller)


def test_sellers_managed_by_lists_own_and_member_shops_in_one_query(coop):
    with CaptureQueriesContext(connection) as queries:
        shops = set(sellers_managed_by(user=coop.manager))
    assert shops == {coop.seller, coop.member}
    assert len(queries) == 1


def test_sellers_managed_by_agrees_with_the_predicate_for_every_person(coop):
    officer = OfficerFactory(communes=[coop.commune])
    people = [coop.manager, coop.member_user, officer, UserFactory()]
    shops = [coop.seller, coop.member, coop.outsider]
    for person in people:
        listed = set(sellers_managed_by(user=person))
        assert listed == {s for s in shops if can_manage_seller(person, s)}, person.role


def test_adding_a_household_by_phone_records_consent_who_and_when(coop):
    household = HouseholdFactory(commune=coop.commune, phone="+84912000002")
    membership = membership_add(
        actor=coop.manager, cooperative=coop.cooperative, phone="0912 000 002", consent=True
    )
    assert membership.household == household
    assert membership.added_by == coop.manager
    assert membership.consent_at is not None
    act = AssistedAct.objects.get(action="membership_add", household=household)
    assert act.actor == coop.manager


@pytest.mark.parametrize(
    ("phone", "consent", "message"),
    [
        ("0912 000 002", False, "phải đồng ý"),
        ("12345", True, "số di động"),
        ("0912 999 999", True, "Chưa có hộ nào"),
        ("0912 000 001", True, "đã là thành viên"),
    ],
)
def test_adding_a_member_is_refused_with_a_reason_and_changes_nothing(
    coop, phone, consent, message
):
    HouseholdFactory(commune=coop.commune, phone="+84912000002")
    before = CooperativeMembership.objects.count()
    with pytest.raises(SellerError) as refused:
        membership_add(
            actor=coop.manager, cooperative=coop.cooperative, phone=phone, consent=consent
        )
    assert message in refused.value.messages[0]
    assert CooperativeMembership.objects.count() == before


def test_a_household_of_another_province_cannot_join(coop):
    far = CommuneFactory(province=ProvinceFactory(code="80", name="Tỉnh Đồng Tháp"))
    HouseholdFactory(commune=far, phone="+84912000003")
    with pytest.raises(SellerError):
        membership_add(
            actor=coop.manager, cooperative=coop.cooperative, phone="0912000003", consent=True
        )


def test_a_member_or_a_stranger_cannot_change_the_members(coop):
    HouseholdFactory(commune=coop.commune, phone="+84912000002")
    for person in (coop.member_user, UserFactory(), OfficerFactory(communes=[CommuneFactory()])):
        with pytest.raises(SellerError):
            membership_add(
                actor=person, cooperative=coop.cooperative, phone="0912000002", consent=True
            )


def test_an_officer_of_the_area_may_add_a_member(coop):
    officer = OfficerFactory(communes=[coop.commune])
    HouseholdFactory(commune=coop.commune, phone="+84912000002")
    membership = membership_add(
        actor=officer, cooperative=coop.cooperative, phone="0912000002", consent=True
    )
    assert membership.added_by == officer


def test_leaving_keeps_the_row_with_who_when_why_and_ends_the_access(coop):
    membership = CooperativeMembership.objects.get(household=coop.member.household)
    membership_end(actor=coop.manager, membership=membership, reason="Chuyển sang trồng lúa")
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert membership.ended_by == coop.manager
    assert membership.end_reason == "Chuyển sang trồng lúa"
    assert not can_manage_seller(coop.manager, coop.member)
    assert coop.member not in sellers_managed_by(user=coop.manager)
    assert cooperative_members(cooperative=coop.cooperative) == []
    assert AssistedAct.objects.filter(action="membership_end", actor=coop.manager).exists()


def test_leaving_needs_a_reason_and_happens_once(coop):
    membership = CooperativeMembership.objects.get(household=coop.member.household)
    with pytest.raises(SellerError):
        membership_end(actor=coop.manager, membership=membership, reason="  ")
    membership_end(actor=coop.manager, membership=membership, reason="Tự rời")
    with pytest.raises(SellerError):
        membership_end(actor=coop.manager, membership=membership, reason="Lần nữa")


def test_a_former_member_may_join_again_as_a_new_record(coop):
    membership = CooperativeMembership.objects.get(household=coop.member.household)
    membership_end(actor=coop.manager, membership=membership, reason="Tạm nghỉ")
    again = membership_add(
        actor=coop.manager, cooperative=coop.cooperative, phone="0912000001", consent=True
    )
    assert again.pk != membership.pk
    assert CooperativeMembership.objects.filter(household=coop.member.household).count() == 2
    assert can_manage_seller(coop.manager, coop.member)


def test_what_a_manager_does_in_a_member_shop_is_an_assisted_act(coop):
    product = ProductFactory(seller=coop.member)
    catalog_services.product_update(
        actor=coop.manager, product=product, name="Kẹo dừa sáp", price=60_000
    )
    act = AssistedAct.objects.get(action="product_update", seller=coop.member)
    assert act.actor == coop.manager
    assert act.household == coop.member.household
    assert act.action_label == "đã sửa sản phẩm"
    assert acts_for_members(cooperative=coop.cooperative)[0] == act


def test_the_household_acting_in_its_own_shop_is_not_an_assisted_act(coop):
    product = ProductFactory(seller=coop.member)
    catalog_services.product_update(actor=coop.member_user, product=product, name="Kẹo dừa")
    assert not AssistedAct.objects.filter(action="product_update").exists()


def test_a_manager_may_issue_a_password_code_for_members_only(coop):
    assert can_issue_code(coop.manager, coop.member.household)
    assert not can_issue_code(coop.manager, coop.outsider.household)
    assert not can_issue_code(coop.member_user, coop.member.household)


def test_cooperative_members_reads_members_with_their_shop_in_one_query(coop):
    for i in range(3):
        make_household_seller(commune=coop.commune, phone=f"+8491200010{i}")
        membership_add(
            actor=coop.manager,
            cooperative=coop.cooperative,
            phone=f"091200010{i}",
            consent=True,
        )
    with CaptureQueriesContext(connection) as queries:
        members = cooperative_members(cooperative=coop.cooperative)
        shops = [m.household.seller.slug for m in members]
        communes = [m.household.commune.name for m in members]
    assert len(shops) == len(communes) == 4
    assert len(queries) == 1


def test_acts_are_listed_newest_first(coop):
    old = AssistedAct.objects.create(
        actor=coop.manager,
        household=coop.member.household,
        action="lot_create",
        created_at=timezone.now() - dt.timedelta(days=2),
    )
    new = AssistedAct.objects.create(
        actor=coop.manager, household=coop.member.household, action="trace_harvest"
    )
    assert acts_for_members(cooperative=coop.cooperative)[:2] == [new, old]
    assert new.action_label == "đã ghi nhật ký sản xuất"


def test_a_former_member_is_no_longer_a_producer_of_the_cooperative(coop):
    from catalog.forms import ProductForm
    from catalog.models import Category

    membership = CooperativeMembership.objects.get(household=coop.member.household)
    fields = {
        "actor": coop.manager,
        "seller": coop.seller,
        "category": Category.objects.get(slug="banh-keo"),
        "price": 20_000,
        "unit": "kg",
        "producer": coop.member.household,
    }
    catalog_services.product_create(name="Kẹo dừa", **fields)
    assert coop.member.household in ProductForm(seller=coop.seller).fields["producer"].queryset
    membership_end(actor=coop.manager, membership=membership, reason="Rời")
    with pytest.raises(ValidationError):
        catalog_services.product_create(name="Kẹo dừa 2", **fields)
    assert coop.member.household not in ProductForm(seller=coop.seller).fields["producer"].queryset
