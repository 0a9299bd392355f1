"""A shop's contact and bank account are the sellers app's to write."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.accounts.models import Role
from marketplace.sellers.models import AssistedAct
from marketplace.sellers.services import seller_details_update
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def test_an_officer_sets_a_shops_bank_account_and_it_is_logged():
    seller = make_household_seller(user=UserFactory(role=Role.HOUSEHOLD))
    officer = OfficerFactory(communes=[seller.commune])
    seller_details_update(
        actor=officer,
        seller=seller,
        bank_bin="970436",
        bank_account_number="0011001234567",
        bank_account_name="NGUYEN VAN A",
    )
    seller.refresh_from_db()
    assert seller.bank_bin == "970436" and seller.bank_account_name == "NGUYEN VAN A"
    assert AssistedAct.objects.filter(
        actor=officer, seller=seller, action="seller_details_update"
    ).exists()


def test_only_contact_and_bank_fields_may_be_changed():
    seller = make_household_seller()
    with pytest.raises(ValueError):
        seller_details_update(actor=UserFactory(), seller=seller, name="Đổi tên")


def test_a_bad_value_is_refused_and_nothing_is_saved():
    seller = make_household_seller()
    with pytest.raises(ValidationError):
        seller_details_update(actor=UserFactory(), seller=seller, bank_bin="9704361")
    seller.refresh_from_db()
    assert seller.bank_bin == ""
