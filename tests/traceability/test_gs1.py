import pytest
from django.core.exceptions import ValidationError

from traceability import gs1


def test_check_digit_vector_from_the_standard():
    assert gs1.with_check_digit("893123456789") == "8931234567897"


@pytest.mark.parametrize("gtin", ["09521234543213", "09506000134352", "8931234567897", "96385074"])
def test_valid_gtins_pass(gtin):
    assert gs1.is_valid_gtin(gtin)


@pytest.mark.parametrize(
    "gtin", ["8931234567898", "09521234543214", "893123456789", "abc", "", "123456789012345"]
)
def test_bad_gtins_fail(gtin):
    assert not gs1.is_valid_gtin(gtin)


def test_canonical_form_is_fourteen_digits():
    assert gs1.gtin14("8931234567897") == "08931234567897"
    assert gs1.gtin14("96385074") == "00000096385074"
    with pytest.raises(ValidationError):
        gs1.gtin14("8931234567890")


def test_lot_numbers_are_percent_encoded_in_the_uri():
    assert gs1.encode_lot("LOT07/A") == "LOT07%2FA"
    assert gs1.decode_lot("LOT07%2FA") == "LOT07/A"
    assert gs1.digital_link_path("8931234567897", "LOT07/A") == "/01/08931234567897/10/LOT07%2FA"


@pytest.mark.parametrize("lot", ["", "X" * 21, "LÔ1", "A B", "A#1"])
def test_lot_numbers_outside_gs1_set_82_are_refused(lot):
    with pytest.raises(ValidationError):
        gs1.validate_lot_number(lot)


def test_lot_number_with_allowed_punctuation_passes():
    gs1.validate_lot_number("LOT07/A-1.b_(2)")
