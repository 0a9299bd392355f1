"""A guest finds their order again by phone number and order number."""

import pytest
from django.urls import reverse

from marketplace.orders.lookup import TRIES
from marketplace.orders.selectors import order_number_clean, order_number_parse
from tests.orders.factories import make_product, place

pytestmark = pytest.mark.django_db
LOOKUP = "/don-hang/tim/"
NOT_FOUND = "Không có đơn hàng nào khớp với số điện thoại và mã đơn này."


@pytest.fixture
def order():
    return place({make_product(): 1})  # placed with 0912 345 678


def number_of(order):
    return order.seller_orders.get().number


@pytest.mark.parametrize("phone", ["0912 345 678", "+84912345678", "0912.345.678"])
def test_phone_and_number_as_people_write_them_open_the_order(client, order, phone):
    number = number_of(order).lower().replace("-", " -")
    response = client.post(LOOKUP, {"phone": phone, "number": number})
    assert response.status_code == 302
    # The order's page, at that shop's part.
    url = reverse("orders:order_detail", args=[order.token]) + f"#{number_of(order)}"
    assert response["Location"] == url
    mine = client.get(reverse("orders:my_orders")).content.decode()
    assert number_of(order) in mine  # it joins this browser's list


def test_wrong_phone_and_wrong_number_get_the_same_answer(client, order):
    wrong_phone = client.post(LOOKUP, {"phone": "0987 654 321", "number": number_of(order)})
    wrong_number = client.post(LOOKUP, {"phone": "0912 345 678", "number": "CS999999-1"})
    assert wrong_phone.status_code == wrong_number.status_code == 400
    assert NOT_FOUND in wrong_phone.content.decode()
    assert NOT_FOUND in wrong_number.content.decode()
    assert order.token not in wrong_phone.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"phone": "abc", "number": "x"},
        {"phone": "0912345678", "number": "x" * 500},
    ],
)
def test_bad_input_is_a_message_not_a_500(client, data):
    response = client.post(LOOKUP, data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_nul_in_the_number_is_refused_before_the_form(client):
    response = client.post(LOOKUP, {"phone": "0912345678", "number": "CS\x00"})
    assert response.status_code == 400
    assert 'class="error-page bad-characters"' in response.content.decode()


def test_too_many_misses_are_refused_even_with_the_right_answer(client, order):
    for _ in range(TRIES):
        client.post(LOOKUP, {"phone": "0912 345 678", "number": "CS999999-1"})
    response = client.post(LOOKUP, {"phone": "0912 345 678", "number": number_of(order)})
    assert response.status_code == 429
    assert "Thử quá nhiều lần" in response.content.decode()


def test_throttle_follows_the_address_across_new_sessions(client, order):
    for _ in range(TRIES):
        client.cookies.clear()  # a fresh session each time: the address still counts
        client.post(LOOKUP, {"phone": "0912 345 678", "number": "CS999999-1"})
    client.cookies.clear()
    response = client.post(LOOKUP, {"phone": "0912 345 678", "number": number_of(order)})
    assert response.status_code == 429


def test_guest_sees_the_form_and_header_link(client):
    page = client.get(reverse("orders:my_orders")).content.decode()
    assert f'action="{LOOKUP}"' in page
    assert '<a href="/don-hang/" aria-label="Đơn hàng của tôi">Đơn hàng</a>' in page


@pytest.mark.parametrize("whole", [False, True])
def test_lookup_query_count_is_fixed(client, order, whole, django_assert_num_queries):
    number = order.number if whole else number_of(order)
    # One lookup; the rest is the new session (exists?, insert, update, with savepoints).
    with django_assert_num_queries(8):
        client.post(LOOKUP, {"phone": "0912 345 678", "number": number})


@pytest.mark.parametrize(
    "typed, parsed",
    [
        ("CS000007", (7, None)),
        ("cs000007", (7, None)),
        (" CS 000 007 ", (7, None)),
        ("CS000007-2", (7, 2)),
        ("cs000007 - 2", (7, 2)),
        ("CS-000007--2", (7, 2)),
        ("CS000007-", (7, None)),
        ("000007-2", (7, 2)),
        ("CS1234567-10", (1234567, 10)),
        ("CS000000", None),
        ("CS000007-0", None),
        ("CS", None),
        ("CSX00007", None),
        ("CS000007-2-3", None),
        ("", None),
    ],
)
def test_an_order_number_is_read_the_way_people_type_it(typed, parsed):
    assert order_number_parse(typed) == parsed


def test_a_typed_number_is_written_back_the_sites_way():
    assert order_number_clean(" cs 7 - 2") == "CS000007-2"
    assert order_number_clean("cs000007") == "CS000007"
    assert order_number_clean("abc d") == "ABCD"


def test_the_whole_orders_number_opens_every_shops_part(client):
    first, second = make_product(name="Kẹo dừa"), make_product(name="Bưởi da xanh")
    order = place({first: 1, second: 1})
    whole = order.number
    assert [so.number for so in order.seller_orders.order_by("pk")] == [
        f"{whole}-1",
        f"{whole}-2",
    ]
    response = client.post(LOOKUP, {"phone": "0912 345 678", "number": whole.lower()})
    assert response["Location"] == reverse("orders:order_detail", args=[order.token])
    page = client.get(response["Location"]).content.decode()
    assert "Kẹo dừa" in page and "Bưởi da xanh" in page


def test_the_whole_orders_number_with_another_phone_gets_the_same_answer(client, order):
    response = client.post(LOOKUP, {"phone": "0987 654 321", "number": order.number})
    assert response.status_code == 400
    assert NOT_FOUND in response.content.decode()
    assert order.token not in response.content.decode()


def test_misses_with_whole_order_numbers_count_towards_the_limit(client, order):
    for pk in range(100, 100 + TRIES):
        client.post(LOOKUP, {"phone": "0912 345 678", "number": f"CS{pk:06d}"})
    response = client.post(LOOKUP, {"phone": "0912 345 678", "number": order.number})
    assert response.status_code == 429
