import pytest
from django.core import mail

from marketplace.orders.errors import EmptyCart, InsufficientStock, ProductUnavailable
from marketplace.orders.models import OrderEvent, OrderStatus
from marketplace.payments.models import PaymentStatus
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def test_one_seller_order_per_seller_with_own_number_and_price_snapshot():
    a, b = make_household_seller(), make_household_seller()
    p1, p2, p3 = (
        make_product(seller=a, price=30_000),
        make_product(seller=a),
        make_product(seller=b),
    )
    order = place({p1: 2, p2: 1, p3: 3})
    seller_orders = list(order.seller_orders.order_by("number"))
    assert [so.seller for so in seller_orders] == [a, b]
    assert [so.number for so in seller_orders] == [f"CS{order.pk:06d}-1", f"CS{order.pk:06d}-2"]
    assert seller_orders[0].total == 2 * 30_000 + 50_000
    p1.price = 99_000
    p1.save()
    line = seller_orders[0].lines.get(product=p1)
    assert (line.unit_price, line.quantity, line.product_name) == (30_000, 2, p1.name)
    assert order.phone == "+84912345678"
    assert all(so.payment.status == PaymentStatus.PENDING for so in seller_orders)
    assert OrderEvent.objects.filter(to_status=OrderStatus.PENDING).count() == 2


def test_stock_is_taken():
    product = make_product(stock=5)
    place({product: 3})
    product.refresh_from_db()
    assert product.stock == 2


def test_insufficient_stock_names_the_product_and_takes_nothing():
    ok, short = make_product(stock=5), make_product(stock=1, name="Mật ong rừng U Minh")
    with pytest.raises(InsufficientStock) as error:
        place({ok: 2, short: 2})
    assert "Mật ong rừng U Minh" in error.value.message
    assert "Chỉ còn 1" in error.value.message
    ok.refresh_from_db()
    short.refresh_from_db()
    assert (ok.stock, short.stock) == (5, 1)


def test_sold_out_message_in_vietnamese():
    product = make_product(stock=0, name="Kẹo dừa")
    with pytest.raises(InsufficientStock) as error:
        place({product: 1})
    assert error.value.message.startswith("“Kẹo dừa” vừa hết hàng")


def test_draft_product_cannot_be_ordered():
    with pytest.raises(ProductUnavailable):
        place({make_product(status="draft"): 1})


def test_empty_cart_refused():
    with pytest.raises(EmptyCart):
        place({})


def test_placement_mails_after_commit(django_capture_on_commit_callbacks):
    product = make_product()
    with django_capture_on_commit_callbacks(execute=True):
        order = place({product: 1})
    assert len(mail.outbox) == 1
    assert order.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["khach@example.com"]


def test_vietqr_needs_every_seller_to_have_a_bank_account():
    from marketplace.orders.errors import OrderError

    product = make_product()
    with pytest.raises(OrderError):
        place({product: 1}, method="vietqr")
