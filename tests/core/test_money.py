import pytest
from django.core.exceptions import ValidationError

from marketplace.core.forms import MoneyField, MoneyInput
from marketplace.core.money import MAX_VND, format_vnd_digits, parse_vnd


@pytest.mark.parametrize(
    ("written", "dong"),
    [
        ("85.000", 85_000),
        ("85,000", 85_000),
        ("85.000đ", 85_000),
        ("85.000 ₫", 85_000),
        ("85.000 VND", 85_000),
        ("85k", 85_000),
        ("85 nghìn", 85_000),
        ("85 ngàn đồng", 85_000),
        ("1,2 triệu", 1_200_000),
        ("1.2tr", 1_200_000),
        ("1tr2", 1_200_000),
        ("1.200k", 1_200_000),
        ("85000", 85_000),
        ("85000.0", 85_000),  # Excel's number cell
        ("1.250.000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        (" 85.000\u00a0₫ ", 85_000),
        ("1 tỷ", MAX_VND),
        ("0", 0),
        (85_000, 85_000),
    ],
)
def test_amounts_are_read_as_people_write_them(written, dong):
    assert parse_vnd(written) == dong


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("85.000.00", "ambiguous"),
        ("1,250.000", "ambiguous"),
        ("1234.000", "ambiguous"),
        ("abc", "invalid"),
        ("1e5", "invalid"),
        ("²", "invalid"),
        ("85 đô", "invalid"),
        ("-5", "negative"),
        ("", "required"),
        ("   ", "required"),
        ("85,5", "fraction"),
        ("1.2345k", "fraction"),
        ("2 tỷ", "too_large"),
        ("9" * 60, "invalid"),
    ],
)
def test_unclear_or_absurd_amounts_are_refused_with_a_reason(written, code):
    with pytest.raises(ValidationError) as refused:
        parse_vnd(written)
    assert refused.value.code == code
    assert refused.value.messages[0]


def test_refusals_are_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        parse_vnd("85.000.00")
    assert "có thể hiểu" in refused.value.messages[0]


def test_the_field_shows_the_saved_amount_as_typed_and_read():
    html = MoneyInput().render("price", 85_000, attrs={"id": "id_price"})
    assert 'value="85.000"' in html
    assert "= 85.000 ₫" in html
    assert 'class="money-low" hidden' in html


def test_the_field_warns_below_a_thousand_dong_without_refusing():
    field = MoneyField()
    assert field.clean("85") == 85
    html = MoneyInput().render("price", "85", attrs={"id": "id_price"})
    assert "= 85 ₫" in html
    assert 'class="money-low">' in html


def test_the_field_shows_no_amount_for_what_it_cannot_read():
    html = MoneyInput().render("price", "85.000.00", attrs={"id": "id_price"})
    assert 'aria-live="polite"></output>' in html


def test_an_optional_empty_field_is_none_and_a_required_one_says_what_to_write():
    assert MoneyField(required=False).clean("") is None
    with pytest.raises(ValidationError):
        MoneyField().clean("")


def test_digits_for_the_field_group_thousands_with_dots():
    assert format_vnd_digits(1_250_000) == "1.250.000"
