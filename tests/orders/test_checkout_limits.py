"""The place and the texts of the checkout: lists that start on "Chọn…", limits the page
states and the server holds with a message, never a browser cutting a pasted text."""

import pytest
from django.urls import reverse

from marketplace.orders.models import Order
from tests.orders.factories import make_product
from tests.orders.test_views import add, checkout_data
from tests.regions.factories import CommuneFactory

pytestmark = pytest.mark.django_db
TOO_LONG = "Dài quá: tối đa 250 ký tự, bạn đã nhập 500. Hãy viết ngắn lại."


@pytest.fixture
def in_cart(client):
    add(client, make_product())
    return client


def test_a_500_character_address_gets_a_message_and_orders_nothing(in_cart):
    where = CommuneFactory()
    data = checkout_data(where, in_cart, address="Số 12, ấp Phú Lợi, " * 25 + "x" * 25)
    assert len(data["address"]) == 500
    page = in_cart.post(reverse("orders:checkout"), data).content.decode()
    assert TOO_LONG in page
    assert not Order.objects.exists()


def test_the_page_states_the_limits_and_lets_the_server_hold_them(in_cart):
    page = in_cart.get(reverse("orders:checkout")).content.decode()
    assert "Số nhà, đường, thôn hoặc ấp. Tối đa 250 ký tự." in page
    assert "Tối đa 120 ký tự." in page and "Tối đa 500 ký tự." in page
    for name in ("name", "address"):
        tag = page[page.index(f'name="{name}"') :].split(">", 1)[0]
        assert "maxlength" not in tag, name


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "Lê Thị " * 25, "tối đa 120 ký tự, bạn đã nhập 174"),
        ("note", "Giao buổi sáng. " * 40, "tối đa 500 ký tự, bạn đã nhập 639"),
        ("email", "a" * 250 + "@example.com", "254"),
    ],
)
def test_other_long_texts_get_a_message_too(in_cart, field, value, message):
    data = checkout_data(CommuneFactory(), in_cart, **{field: value})
    page = in_cart.post(reverse("orders:checkout"), data).content.decode()
    assert message in page
    assert not Order.objects.exists()


def test_the_province_and_commune_lists_start_on_their_placeholder(in_cart):
    page = in_cart.get(reverse("orders:checkout")).content.decode()
    assert '<option value="" selected>Chọn tỉnh/thành…</option>' in page
    assert '<option value="" selected>Chọn xã/phường…</option>' in page
    data = checkout_data(CommuneFactory(), in_cart, province="", commune="")
    page = in_cart.post(reverse("orders:checkout"), data).content.decode()
    assert "Hãy chọn tỉnh hoặc thành phố của địa chỉ." in page
    assert "Hãy chọn xã hoặc phường của địa chỉ." in page


def test_the_carts_lists_start_on_a_placeholder_and_say_what_is_missing(in_cart):
    cart = reverse("orders:cart")
    page = in_cart.get(cart).content.decode()
    select = page[page.index('id="cart-province"') :]
    assert select.split("<option", 2)[1].startswith(' value="">Chọn tỉnh/thành…')
    assert 'name="province" id="cart-province" required' in page
    assert "Hãy chọn tỉnh/thành trước." in in_cart.get(cart, {"province": ""}).content.decode()
    where = CommuneFactory()
    listed = in_cart.get(cart, {"province": where.province_id}).content.decode()
    assert "Chọn xã/phường…" in listed and where.name in listed
    missing = {"province": where.province_id, "communes_of": where.province_id, "commune": ""}
    page = in_cart.get(cart, missing).content.decode()
    assert "Hãy chọn xã/phường để xem phí giao của từng người bán." in page
    # Another province picked while the old list was shown: its communes, no reproach.
    other = CommuneFactory(province__code="01", province__name="Thành phố Hà Nội")
    moved = {"province": other.province_id, "communes_of": where.province_id, "commune": ""}
    page = in_cart.get(cart, moved).content.decode()
    assert other.name in page and "Hãy chọn xã/phường để xem" not in page
