"""The NAPAS/VietQR bank list and the seller's bank picker."""

import re

import pytest
from django.urls import reverse

from marketplace.payments.banks import BankField, bank_by_bin, bank_name, banks
from tests.accounts.factories import UserFactory
from tests.sellers.factories import make_household_seller


def test_the_list_has_the_big_banks_with_six_digit_unique_bins():
    bins = [bank.bin for bank in banks()]
    assert len(bins) == len(set(bins)) >= 60
    assert all(re.fullmatch(r"\d{6}", b) for b in bins)
    assert bank_by_bin("970436").name == "Ngân hàng TMCP Ngoại Thương Việt Nam"
    assert [bank_name(b) for b in ("970405", "970418", "970415", "970422")] == [
        "Agribank",
        "BIDV",
        "VietinBank",
        "MBBank",
    ]


def test_an_unknown_bin_shows_as_itself():
    assert bank_name("123456") == "123456"
    assert bank_name("") == ""


def test_field_offers_names_and_keeps_an_unknown_saved_bin():
    field = BankField(required=False, current="123456")
    labels = dict(field.choices)
    assert labels["970436"] == "Vietcombank · Ngân hàng TMCP Ngoại Thương Việt Nam"
    assert field.clean("123456") == "123456"
    assert "123456" not in dict(BankField(required=False).choices)


@pytest.fixture
def shop(db, client):
    owner = UserFactory(role="household")
    seller = make_household_seller(user=owner)
    client.force_login(owner)
    return seller


def test_seller_picks_the_bank_by_name_and_the_bin_is_stored(client, shop):
    url = reverse("portal:details", args=[shop.slug])
    page = client.get(url).content.decode()
    assert '<select name="bank_bin"' in page
    assert '<option value="970405">Agribank · Ngân hàng Nông nghiệp' in page
    response = client.post(
        url,
        {
            "phone": "0900 000 004",
            "bank_bin": "970405",
            "bank_account_number": "7300205123456",
            "bank_account_name": "NGUYEN VAN HUNG",
        },
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.bank_bin, shop.phone, shop.phone_display) == (
        "970405",
        "+84900000004",
        "0900 000 004",
    )


@pytest.mark.parametrize(
    "data,message",
    [
        ({"bank_bin": "999999", "bank_account_number": "1"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"bank_bin": "970405"}, "Hãy chọn ngân hàng và nhập số tài khoản."),
        ({"phone": "12345"}, "nhập số di động Việt Nam"),
    ],
)
def test_bad_bank_details_are_a_message_and_change_nothing(client, shop, data, message):
    response = client.post(reverse("portal:details", args=[shop.slug]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    shop.refresh_from_db()
    assert shop.bank_bin == ""
