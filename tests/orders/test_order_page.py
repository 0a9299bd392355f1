"""The buyer's order page after a VietQR checkout from two shops."""

import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def bank_seller(phone, bank_bin, account, holder):
    seller = make_household_seller()
    seller.phone = phone
    seller.bank_bin, seller.bank_account_number, seller.bank_account_name = (
        bank_bin,
        account,
        holder,
    )
    seller.save()
    return seller


@pytest.fixture
def two_shop_order():
    hung = bank_seller("+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG")
    coop = bank_seller("+84900000005", "970405", "7300205123456", "HTX DUA CHO LACH")
    candy = make_product(seller=hung, price=45_000, name="Kẹo dừa Mỏ Cày")
    pomelo = make_product(seller=coop, price=60_000, name="Bưởi da xanh")
    return place({candy: 2, pomelo: 1}, method="vietqr")


def page_of(client, order):
    return client.get(reverse("orders:order_detail", args=[order.token])).content.decode()


def copy_values(page):
    return re.findall(r'<span class="copy-value" data-copy="([^"]*)"', page)


def test_transfer_details_are_separate_lines_with_the_bank_name(client, two_shop_order):
    page = page_of(client, two_shop_order)
    first, second = two_shop_order.seller_orders.order_by("pk")
    assert copy_values(page) == [
        "Vietcombank",
        "0071000123456",
        "NGUYEN VAN HUNG",
        "90000",
        f"TT {first.number}",
        "Agribank",
        "7300205123456",
        "HTX DUA CHO LACH",
        "60000",
        f"TT {second.number}",
    ]
    assert "90.000 ₫" in page and "60.000 ₫" in page
    assert "/static/orders/copy.js" in page


def test_total_across_shops_and_sellers_phones(client, two_shop_order):
    page = page_of(client, two_shop_order)
    assert re.search(r"Tổng đơn hàng \(2 cửa hàng\): <strong[^>]*>150\.000 ₫", page)
    assert re.search(r"Còn phải chuyển khoản: <strong[^>]*>150\.000 ₫", page)
    assert '<a href="tel:+84900000004">0900 000 004</a>' in page
    assert '<a href="tel:+84900000005">0900 000 005</a>' in page
    assert "+84900000004</a>" not in page


def test_cancelled_shop_leaves_the_total_and_its_qr(client, two_shop_order):
    second = two_shop_order.seller_orders.order_by("pk")[1]
    seller_order_transition(seller_order=second, to_status=OrderStatus.CANCELLED, actor=None)
    page = page_of(client, two_shop_order)
    assert re.search(r"Tổng đơn hàng \(1 cửa hàng\): <strong[^>]*>90\.000 ₫", page)
    assert "Agribank" not in page
    url = reverse("orders:order_vietqr_png", args=[two_shop_order.token, second.number])
    assert client.get(url).status_code == 404


def test_qr_image_downloads_and_decodes_to_the_page_payload(client, two_shop_order):
    first = two_shop_order.seller_orders.order_by("pk")[0]
    page = page_of(client, two_shop_order)
    url = reverse("orders:order_vietqr_png", args=[two_shop_order.token, first.number])
    assert f'href="{url}" download="VietQR-{first.number}.png"' in page
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert f'filename="VietQR-{first.number}.png"' in response["Content-Disposition"]
    payload = re.search(
        rf'<textarea id="payload-{first.number}"[^>]*>([^<]+)</textarea>', page
    ).group(1)
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert found.text == payload


@pytest.mark.parametrize("number", ["CS999999-1", "x" * 30, "%00"])
def test_qr_image_of_someone_elses_number_is_404(client, two_shop_order, number):
    url = reverse("orders:order_vietqr_png", args=[two_shop_order.token, number])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/don-hang/%00/", "/don-hang/a%00b/CS1/vietqr.png", "/cua-hang-cua-toi/don-hang/CS%00/"],
)
def test_nul_in_the_address_is_400_not_500(admin_client, path):
    assert admin_client.get(path).status_code == 400


def test_card_payment_of_an_unknown_order_is_404(admin_client):
    assert admin_client.post("/don-hang/tok/the/").status_code == 404


def test_qr_image_of_a_cash_order_is_404(client):
    order = place({make_product(): 1}, method="cod")
    number = order.seller_orders.get().number
    url = reverse("orders:order_vietqr_png", args=[order.token, number])
    assert client.get(url).status_code == 404


def test_order_page_queries_do_not_grow_with_shops(client, django_assert_max_num_queries):
    sellers = [bank_seller(f"+8490000001{i}", "970436", f"00{i}", "A") for i in range(4)]
    small = place({make_product(seller=sellers[0]): 1}, method="vietqr")
    big = place({make_product(seller=s): 1 for s in sellers}, method="vietqr")
    for order in (small, big):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("orders:order_detail", args=[order.token])).status_code == 200
