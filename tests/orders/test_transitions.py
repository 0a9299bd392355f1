import pytest
from django.core import mail

from marketplace.orders.errors import TransitionRefused
from marketplace.orders.models import OrderEvent, OrderStatus
from marketplace.orders.states import seller_order_transition
from marketplace.payments.models import PaymentStatus
from marketplace.payments.services import PaymentError, payment_confirm_received, payment_refund
from marketplace.sellers.models import AssistedAct
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def seller_order():
    product = make_product(stock=10)
    return place({product: 4}).seller_orders.get()


def test_happy_path_records_who_and_when(seller_order, django_capture_on_commit_callbacks):
    actor = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for target in (S.CONFIRMED, S.SHIPPED, S.DELIVERED):
            seller_order = seller_order_transition(
                seller_order=seller_order, to_status=target, actor=actor
            )
    assert seller_order.status == S.DELIVERED
    assert seller_order.delivered_at is not None
    events = list(seller_order.events.values_list("from_status", "to_status", "actor"))
    assert events == [
        ("", S.PENDING, None),
        (S.PENDING, S.CONFIRMED, actor.pk),
        (S.CONFIRMED, S.SHIPPED, actor.pk),
        (S.SHIPPED, S.DELIVERED, actor.pk),
    ]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    "path,target",
    [((), S.SHIPPED), ((), S.DELIVERED), ((S.CONFIRMED, S.SHIPPED), S.CANCELLED), ((), S.REFUNDED)],
)
def test_illegal_transitions_refused(seller_order, path, target):
    for step in path:
        seller_order = seller_order_transition(
            seller_order=seller_order, to_status=step, actor=None
        )
    before = OrderEvent.objects.count()
    with pytest.raises(TransitionRefused):
        seller_order_transition(seller_order=seller_order, to_status=target, actor=None)
    seller_order.refresh_from_db()
    assert seller_order.status == (path[-1] if path else S.PENDING)
    assert OrderEvent.objects.count() == before


def test_compare_and_set_refuses_a_stale_page(seller_order):
    seller_order_transition(seller_order=seller_order, to_status=S.CONFIRMED, actor=None)
    with pytest.raises(TransitionRefused):
        seller_order_transition(
            seller_order=seller_order,
            to_status=S.CANCELLED,
            actor=None,
            expected_status=S.PENDING,
        )


def test_cancel_returns_stock_and_voids_payment(seller_order):
    product = seller_order.lines.get().product
    product.refresh_from_db()
    assert product.stock == 6
    seller_order_transition(seller_order=seller_order, to_status=S.CANCELLED, actor=None)
    product.refresh_from_db()
    assert product.stock == 10
    seller_order.payment.refresh_from_db()
    assert seller_order.payment.status == PaymentStatus.VOIDED
    with pytest.raises(PaymentError):
        payment_confirm_received(payment=seller_order.payment, actor=UserFactory())


def test_paid_order_cannot_be_cancelled_but_can_be_refunded(seller_order):
    seller = UserFactory()
    payment_confirm_received(payment=seller_order.payment, actor=seller)
    with pytest.raises(TransitionRefused):
        seller_order_transition(seller_order=seller_order, to_status=S.CANCELLED, actor=None)
    seller_order_transition(seller_order=seller_order, to_status=S.CONFIRMED, actor=None)
    payment_refund(payment=seller_order.payment, actor=seller)
    seller_order.refresh_from_db()
    seller_order.payment.refresh_from_db()
    assert seller_order.status == S.REFUNDED
    assert seller_order.payment.status == PaymentStatus.REFUNDED


def test_officer_acting_for_a_seller_is_logged(seller_order, officer):
    seller_order_transition(seller_order=seller_order, to_status=S.CONFIRMED, actor=officer)
    act = AssistedAct.objects.get()
    assert (act.actor, act.seller, act.action, act.target) == (
        officer,
        seller_order.seller,
        "order_confirmed",
        seller_order.number,
    )


def test_payments_are_never_deleted(seller_order):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        seller_order.payment.delete()
