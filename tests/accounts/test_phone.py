import pytest
from django.core.exceptions import ValidationError

from marketplace.accounts.phone import display_phone, normalize_phone


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "912345678",
    ],
)
def test_usual_spellings_of_a_mobile_number_normalise_to_e164(typed):
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("prefix", ["03", "05", "07", "08", "09"])
def test_every_current_mobile_prefix_is_accepted(prefix):
    assert normalize_phone(prefix + "12345678") == "+84" + prefix[1:] + "12345678"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "abc",
        "02838221234",
        "0112345678",
        "091234567",
        "09123456789",
        "+1 415 555 0100",
        "0912-345-67x",
    ],
)
def test_landlines_foreign_and_malformed_numbers_are_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert "số di động" in error.value.messages[0]


def test_stored_number_is_shown_the_way_people_write_it():
    assert display_phone("+84912345678") == "0912 345 678"


@pytest.mark.parametrize(
    "stored,shown",
    [("0900000004", "0900 000 004"), ("0900.000.004", "0900 000 004"), ("1900 1234", "1900 1234")],
)
def test_a_number_stored_as_typed_is_shown_the_usual_way(stored, shown):
    assert display_phone(stored) == shown
