import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.models import StorefrontPage
from marketplace.sellers.models import AssistedAct, Seller
from marketplace.sellers.permissions import can_manage_seller
from marketplace.sellers.services import household_register, seller_create
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory, make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


def test_registering_a_household_normalises_its_phone(commune):
    household = household_register(
        head_name=" Nguyễn Văn Ba ", phone="0912 000 111", commune=commune
    )
    assert household.phone == "+84912000111"
    assert household.head_name == "Nguyễn Văn Ba"
    assert household.head_name_folded == "nguyen van ba"


def test_a_national_id_belongs_to_one_household_only(commune):
    household_register(head_name="A", commune=commune, national_id="083123456789")
    with pytest.raises(ValidationError):
        household_register(head_name="B", commune=commune, national_id="083123456789")
    household_register(head_name="C", commune=commune)
    household_register(head_name="D", commune=commune)  # several without an ID are fine


def test_every_new_seller_gets_a_draft_storefront_page_with_its_own_address():
    seller = make_household_seller(head_name="Trần Thị Tâm")
    other = make_household_seller(head_name="Trần Thị Tâm")
    page = StorefrontPage.objects.get(seller=seller)
    assert not page.live
    assert page.get_latest_revision() is not None
    assert seller.slug != other.slug
    assert page.slug == seller.slug


def test_a_seller_is_a_household_or_a_cooperative_never_both():
    household = HouseholdFactory()
    coop_seller = make_cooperative_seller()
    with pytest.raises(IntegrityError), transaction.atomic():
        Seller.objects.create(
            kind="household",
            household=household,
            cooperative=coop_seller.cooperative,
            name="x",
            slug="x",
        )


def test_officer_creating_a_seller_for_a_household_is_logged_as_acting_on_its_behalf(commune):
    officer = OfficerFactory(communes=[commune])
    household = HouseholdFactory(commune=commune)
    seller = seller_create(household=household, actor=officer)
    act = AssistedAct.objects.get()
    assert (act.actor, act.seller, act.household, act.action) == (
        officer,
        seller,
        household,
        "seller_create",
    )


def test_a_household_creating_its_own_shop_is_not_an_assisted_act():
    user = UserFactory(role="household")
    household = HouseholdFactory(user=user)
    seller_create(household=household, actor=user)
    assert not AssistedAct.objects.exists()


def test_who_may_manage_a_shop():
    commune, elsewhere = CommuneFactory(), CommuneFactory()
    owner, stranger, manager = UserFactory(), UserFactory(), UserFactory()
    shop = make_household_seller(user=owner, commune=commune)
    coop = make_cooperative_seller(managers=[manager], commune=commune)
    local_officer = OfficerFactory(communes=[commune])
    far_officer = OfficerFactory(communes=[elsewhere])

    assert can_manage_seller(owner, shop)
    assert can_manage_seller(local_officer, shop)
    assert can_manage_seller(manager, coop)
    assert not can_manage_seller(stranger, shop)
    assert not can_manage_seller(far_officer, shop)
    assert not can_manage_seller(owner, coop)
    assert not can_manage_seller(manager, shop)
