from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.orders.models import OrderEvent, OrderStatus, SellerOrder
from marketplace.payments.models import Payment


@pytest.mark.django_db
def test_seed_demo_makes_orders_in_every_state_once():
    call_command("seed_demo", stdout=StringIO())
    counts = (SellerOrder.objects.count(), Payment.objects.count(), OrderEvent.objects.count())
    assert set(SellerOrder.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    call_command("seed_demo", stdout=StringIO())
    assert (
        SellerOrder.objects.count(),
        Payment.objects.count(),
        OrderEvent.objects.count(),
    ) == counts
