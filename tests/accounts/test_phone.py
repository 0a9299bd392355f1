import phonenumbers
import phonenumbers.carrier
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


# What phonenumbers' metadata (9.0.43) says of each range, carrier included: the test
# fails by name if a new metadata release moves a range.
ALLOCATED = {
    **{f"03{d}": "Viettel" for d in "2345678"},
    "039": "Viettel",
    "030": "MobiFone",
    "031": "Viettel",
    "051": "MobiFone",
    "0522": "Vietnamobile",
    "0559": "Reddi",
    "056": "Vietnamobile",
    "058": "Vietnamobile",
    "059": "G-Mobile",
    "070": "MobiFone",
    **{f"07{d}": "MobiFone" for d in "6789"},
    **{f"08{d}": "Vinaphone" for d in "123458"},
    "086": "Viettel",
    "087": "Vinaphone",
    "0896": "MobiFone",
    "090": "MobiFone",
    "091": "Vinaphone",
    "092": "Vietnamobile",
    "093": "MobiFone",
    "094": "Vinaphone",
    "095": "",  # valid for the metadata, with no carrier named
    **{f"09{d}": "Viettel" for d in "678"},
    "0993": "G-Mobile",
    "0998": "Indochina Telecom",
}
UNALLOCATED = ["050", "0520", "053", "054", "0550", "057", "071", "072", "073", "074", "075"]
UNALLOCATED += ["080", "0890", "0895", "0992"]


@pytest.mark.parametrize("prefix,carrier", ALLOCATED.items())
def test_allocated_mobile_ranges_are_accepted(prefix, carrier):
    national = (prefix + "1234567")[:10]
    assert normalize_phone(national) == "+84" + national[1:]
    number = phonenumbers.parse(national, "VN")
    assert phonenumbers.carrier.name_for_number(number, "en") == carrier


@pytest.mark.parametrize("prefix", UNALLOCATED)
def test_ranges_no_carrier_was_given_are_refused(prefix):
    national = (prefix + "1234567")[:10]
    with pytest.raises(ValidationError):
        normalize_phone(national)
    with pytest.raises(ValidationError):
        normalize_phone("+84" + national[1:])


@pytest.mark.parametrize("typed", ["0912 ABC 678", "09١٢٣٤٥٦٧٨", "０９１２３４５６７８"])
def test_letters_and_other_scripts_digits_are_not_read_as_a_number(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


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
