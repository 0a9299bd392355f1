"""The catalog's price range reads money the way people write it, as the seller forms do."""

import pytest
from bs4 import BeautifulSoup

from catalog.models import Category
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db
URL = "/san-pham/"


@pytest.fixture
def shelf():
    ProductFactory(name="Chín mươi", price=90_000)
    ProductFactory(name="Một trăm", price=100_000)
    ProductFactory(name="Một trăm mười", price=110_000)
    ProductFactory(name="Trà một trăm", price=100_000, category=Category.objects.get(slug="tra"))


def names(response):
    assert response.status_code == 200
    return sorted(p.name for p in response.context["page"].object_list)


def field(response, name):
    return BeautifulSoup(response.text, "html.parser").find("input", attrs={"name": name})


def chips(response):
    return [chip.label for chip in response.context["chips"]]


@pytest.mark.parametrize(
    "typed", ["100.000", "100k", "100 nghìn", "100,000", "100.000 ₫", "100000"]
)
def test_a_price_written_the_vietnamese_way_bounds_the_list(client, shelf, typed):
    response = client.get(URL, {"price_max": typed})
    assert names(response) == ["Chín mươi", "Một trăm", "Trà một trăm"]
    assert chips(response) == ["Đến 100.000 ₫"]
    # The box shows the amount as the list used it, and its reading under it.
    assert field(response, "price_max")["value"] == "100.000"
    assert "= 100.000 ₫" in response.text
    assert not response.context["filter"].form.errors


def test_a_range_in_triệu_and_k(client, shelf):
    response = client.get(URL, {"price_min": "0,1 triệu", "price_max": "105k"})
    assert names(response) == ["Một trăm", "Trà một trăm"]
    assert chips(response) == ["Từ 100.000 ₫", "Đến 105.000 ₫"]


def test_a_price_not_understood_says_why_on_its_field_and_the_other_filters_apply(client, shelf):
    response = client.get(URL, {"price_max": "abc", "category": "tra"})
    assert names(response) == ["Trà một trăm"]
    assert chips(response) == ["Trà"]
    assert response.context["filter"].form.errors["price_max"] == [
        "“abc” không phải là số tiền. Hãy viết bằng chữ số, ví dụ 85.000."
    ]
    assert field(response, "price_max")["value"] == "abc"  # as typed, to correct
    soup = BeautifulSoup(response.text, "html.parser")
    box = soup.find("input", attrs={"name": "price_max"}).find_parent(class_="field")
    assert "has-error" in box["class"]
    assert "không phải là số tiền" in box.get_text()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Số tiền không được âm."),
        ("100.000.00", "có thể hiểu theo nhiều cách"),
        ("2 tỷ", "là quá lớn: tối đa 1.000.000.000 ₫"),
        ("1e400", "không phải là số tiền"),
    ],
)
def test_prices_that_are_not_one_amount_are_refused_with_a_reason(client, shelf, typed, message):
    response = client.get(URL, {"price_min": typed})
    assert len(names(response)) == 4
    assert message in response.context["filter"].form.errors["price_min"][0]


def test_a_tiny_price_is_used_and_asks_about_the_thousands(client, shelf):
    response = client.get(URL, {"price_max": "100"})
    assert names(response) == []
    note = BeautifulSoup(response.text, "html.parser").find(id="id_price_max_low")
    assert note.get_text() == "Dưới 1.000 ₫: có thiếu “.000” không?"
    assert not note.has_attr("hidden")


def test_the_same_price_written_two_ways_is_one_cached_list(client, shelf):
    from catalog.filters import ProductFilter
    from catalog.selectors import product_list

    keys = set()
    for typed in ("100k", "100.000"):
        filterset = ProductFilter({"price_max": typed}, queryset=product_list())
        filterset.is_valid()
        keys.add(filterset.results_key())
    assert len(keys) == 1
