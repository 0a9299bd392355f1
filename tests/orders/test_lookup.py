"""A guest finds their order again by phone number and order number."""

import pytest
from django.urls import reverse

from marketplace.orders.lookup import TRIES
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
    assert response["Location"] == reverse("orders:order_detail", args=[order.token])
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


def test_lookup_query_count_is_fixed(client, order, django_assert_num_queries):
    number = number_of(order)
    # One lookup; the rest is the new session (exists?, insert, update, with savepoints).
    with django_assert_num_queries(8):
        client.post(LOOKUP, {"phone": "0912 345 678", "number": number})
