"""The buyer's e-mail when an order is placed."""

import pytest
from django.core import mail
from django.utils import translation

from marketplace.orders.notifications import order_placed
from tests.orders.factories import make_product, place
from tests.orders.test_order_page import bank_seller

pytestmark = pytest.mark.django_db


def placed(method, **kwargs):
    hung = bank_seller("+84900000004", "970436", "0071000123456", "NGUYEN VAN HUNG")
    coop = bank_seller("+84900000005", "970405", "7300205123456", "HTX DUA CHO LACH")
    candy = make_product(seller=hung, price=45_000, name="Kẹo dừa Mỏ Cày")
    pomelo = make_product(seller=coop, price=60_000, name="Bưởi da xanh")
    order = place({candy: 2, pomelo: 1}, method=method, **kwargs)
    mail.outbox.clear()
    order_placed(order_id=order.pk)
    [message] = [m for m in mail.outbox if m.to == ["khach@example.com"]]
    return order, message


def test_vietqr_email_lists_lines_totals_and_transfer_details():
    order, message = placed("vietqr")
    first, second = order.seller_orders.order_by("pk")
    assert message.subject == f"Chợ Số: đơn hàng {first.number}, {second.number} của bạn"
    text = message.body
    for expected in [
        f"== {first.number} · ",
        "2 × Kẹo dừa Mỏ Cày (45.000 ₫): 90.000 ₫",
        "1 × Bưởi da xanh (60.000 ₫): 60.000 ₫",
        "Số điện thoại người bán: 0900 000 004",
        "Ngân hàng: Vietcombank",
        "Số tài khoản: 0071000123456",
        "Chủ tài khoản: NGUYEN VAN HUNG",
        f"Nội dung chuyển khoản: TT {first.number}",
        "Ngân hàng: Agribank",
        "Tổng cộng đơn hàng: 150.000 ₫",
        f"/don-hang/{order.token}/",
    ]:
        assert expected in text, expected
    assert text.index(first.number) < text.index(second.number)
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "<strong>Vietcombank</strong>" in html and 'href="http' in html
    assert "0900 000 004" in html and "150.000 ₫" in html


def test_cash_email_says_how_much_cash():
    _, message = placed("cod")
    assert "Trả 90.000 ₫ tiền mặt khi nhận hàng." in message.body
    assert "Ngân hàng:" not in message.body


def test_email_is_in_the_language_of_the_checkout():
    with translation.override("en"):
        order, message = placed("vietqr")
    assert order.language == "en"
    assert message.subject.startswith("Chợ Số: your order ")
    assert "Bank: Vietcombank" in message.body
    assert "₫150,000" in message.body
    assert f"/en/don-hang/{order.token}/" in message.body
