"""SMS/Zalo and in-app alerts of orders: one per seller order and state, never two."""

import pytest

from marketplace.notifications.models import DeliveryAttempt, Message, Status
from marketplace.orders import tasks
from marketplace.orders.models import OrderStatus
from marketplace.orders.notifications import seller_order_alert
from marketplace.orders.states import seller_order_transition
from marketplace.payments.models import Payment
from marketplace.payments.services import payment_confirm_received, payment_refund
from marketplace.payments.signals import payment_paid
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _console_by_day(settings):
    """The embedded console channel, and no night: these tests do not depend on the clock."""
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""
    settings.NOTIFY_QUIET_HOURS = (24, 0)


def test_a_placed_order_tells_each_seller_once_even_if_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):
    farmer = UserFactory(phone="+84911111111")
    a = make_household_seller(user=farmer)
    b = make_household_seller()  # signed up by phone: no login, the household's number
    with django_capture_on_commit_callbacks(execute=True):
        order = place({make_product(seller=a): 1, make_product(seller=b): 2})
    tasks.order_placed_notify.enqueue(order.pk)  # the worker runs it a second time

    messages = Message.objects.filter(event="order_new").order_by("pk")
    first, second = order.seller_orders.order_by("pk")
    assert [(m.idempotency_key, m.recipient, m.phone) for m in messages] == [
        (f"so:{first.pk}:placed", farmer, "+84911111111"),
        (f"so:{second.pk}:placed", None, b.household.phone),
    ]
    assert first.number in messages[0].text
    assert "100.000" in messages[1].text
    assert all(m.status == Status.SENT for m in messages)
    assert DeliveryAttempt.objects.filter(message__in=messages).count() == 2


def test_a_cooperative_order_tells_each_manager(django_capture_on_commit_callbacks):
    managers = [UserFactory(phone="+84922222222"), UserFactory(phone="+84933333333")]
    seller = make_cooperative_seller(managers=managers)
    with django_capture_on_commit_callbacks(execute=True):
        place({make_product(seller=seller): 1})
    assert {m.recipient for m in Message.objects.filter(event="order_new")} == set(managers)


def test_shipped_tells_the_buyer_once(django_capture_on_commit_callbacks):
    buyer = UserFactory(phone="+84944444444")
    with django_capture_on_commit_callbacks(execute=True):
        order = place({make_product(): 1}, buyer=buyer)
    seller_order = order.seller_orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        for status in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED):
            seller_order = seller_order_transition(
                seller_order=seller_order, to_status=status, actor=None
            )
    tasks.seller_order_changed_notify.enqueue(seller_order.pk, "shipped")  # run twice

    shipped = Message.objects.filter(event="order_shipped")
    assert shipped.count() == 1
    message = shipped.get()
    assert (message.recipient, message.phone) == (buyer, "+84912345678")
    assert message.idempotency_key == f"so:{seller_order.pk}:shipped"
    assert message.status == Status.SENT and message.attempts.count() == 1
    assert Message.objects.filter(event="order_confirmed").count() == 1


def test_a_guest_buyer_is_told_by_the_phone_of_the_checkout(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(): 1}).seller_orders.get()
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.CONFIRMED, actor=None
        )
    message = Message.objects.get(event="order_confirmed")
    assert (message.recipient, message.phone) == (None, "+84912345678")


def test_cancelled_tells_the_buyer_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(): 1}).seller_orders.get()
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.CANCELLED, actor=None
        )
    tasks.seller_order_changed_notify.enqueue(seller_order.pk, "cancelled")  # run twice

    message = Message.objects.exclude(event="order_new").get()
    assert message.event == "order_cancelled"
    assert message.idempotency_key == f"so:{seller_order.pk}:cancelled"
    assert message.phone == "+84912345678" and seller_order.number in message.text


def test_refunded_tells_the_buyer_the_amount_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(price=75_000): 2}).seller_orders.get()
    seller = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.CONFIRMED, actor=seller
        )
        payment = payment_confirm_received(payment=seller_order.payment, actor=seller)
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=seller, note="hàng hỏng")
    seller_order_alert(seller_order_id=seller_order.pk, status="refunded")  # again

    message = Message.objects.get(event="order_refunded")
    assert message.idempotency_key == f"so:{seller_order.pk}:refunded"
    assert "150.000" in message.text and seller_order.number in message.text


def test_payment_received_tells_the_buyer(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(price=75_000): 2}).seller_orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm_received(payment=seller_order.payment, actor=UserFactory())
    message = Message.objects.get(event="payment_received")
    assert message.idempotency_key == f"payment:{seller_order.payment.pk}:paid"
    assert "150.000" in message.text and seller_order.number in message.text
    assert message.phone == "+84912345678"


def test_a_recorded_transfer_tells_the_seller_once(django_capture_on_commit_callbacks):
    farmer = UserFactory(phone="+84911111111")
    seller = make_household_seller(user=farmer)
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place(
            {make_product(seller=seller, price=75_000): 2}, method="vietqr"
        ).seller_orders.get()
    payment = seller_order.payment
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm_received(payment=payment, actor=farmer)
    payment.refresh_from_db()
    payment_paid.send(sender=Payment, payment=payment, actor=None)  # a second signal

    message = Message.objects.get(event="transfer_recorded")
    assert message.idempotency_key == f"payment:{payment.pk}:paid:seller"
    assert (message.recipient, message.phone) == (farmer, "+84911111111")
    assert "150.000" in message.text and seller_order.number in message.text
    assert message.status == Status.SENT
    assert Message.objects.filter(event="payment_received").count() == 1  # the buyer's


def test_card_money_tells_each_cooperative_manager(settings, django_capture_on_commit_callbacks):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    managers = [UserFactory(phone="+84922222222"), UserFactory(phone="+84933333333")]
    seller = make_cooperative_seller(managers=managers)
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(seller=seller): 1}, method="stripe").seller_orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_paid.send(sender=Payment, payment=seller_order.payment, actor=None)
    keys = {
        (m.recipient, m.idempotency_key) for m in Message.objects.filter(event="transfer_recorded")
    }
    pk = seller_order.payment.pk
    assert keys == {(u, f"payment:{pk}:paid:seller:u{u.pk}") for u in managers}


def test_cash_on_delivery_tells_the_seller_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order = place({make_product(): 1}).seller_orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm_received(payment=seller_order.payment, actor=UserFactory())
    assert not Message.objects.filter(event="transfer_recorded").exists()
