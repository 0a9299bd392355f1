import pytest

from marketplace.orders.errors import ProductRecalled
from tests.orders.factories import place
from tests.traceability.factories import make_lot, make_product
from traceability.services import lot_recall

pytestmark = pytest.mark.django_db


def test_a_product_whose_current_lot_is_recalled_cannot_be_bought_and_nothing_is_taken():
    product = make_product(name="Sầu riêng Ri6", stock=10)
    lot = make_lot(product=product)
    lot_recall(lot=lot, actor=lot.seller.household.user, reason="Dư lượng thuốc")
    with pytest.raises(ProductRecalled) as error:
        place({product: 1})
    assert "Sầu riêng Ri6" in error.value.message
    assert "thu hồi" in error.value.message
    product.refresh_from_db()
    assert product.stock == 10


def test_a_new_lot_after_a_recall_puts_the_product_back_on_sale():
    product = make_product(stock=10)
    old = make_lot(product=product)
    lot_recall(lot=old, actor=old.seller.household.user, reason="Dư lượng thuốc")
    make_lot(product=product)
    order = place({product: 2})
    assert order.seller_orders.count() == 1
