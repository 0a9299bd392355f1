"""Card money is never stranded at Stripe: each refund is a row, asked again with back-off
until Stripe accepts, and a person is told when asking again cannot help."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.notifications.models import Message
from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from marketplace.payments.errors import PaymentError
from marketplace.payments.models import PaymentStatus, Refund, RefundReason, RefundStatus
from marketplace.payments.refunds import MAX_ATTEMPTS, card_refund_retry_now, card_refund_settle
from marketplace.payments.services import payment_refund
from tests.accounts.factories import UserFactory
from tests.payments.conftest import session_for, signed_event
from tests.payments.test_stripe import paid_and_confirmed, post, start

pytestmark = pytest.mark.django_db
COMPLETED = "checkout.session.completed"


def retry(clock=None, *, after=dt.timedelta(0)) -> str:
    if after and clock is not None:
        clock.shift(after)
    out = io.StringIO()
    call_command("stripe_refunds_retry", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def paid_twice(client, order, *, run_callbacks):
    """The buyer pays the order, then pays it again with a second session."""
    start(client, order)
    payment = order.seller_orders.get().payment
    payment.refresh_from_db()
    post(client, *signed_event(event_id="e1", type=COMPLETED, session=session_for(payment)))
    second = session_for(payment, session_id="cs_second", intent="pi_second")
    with run_callbacks(execute=True):
        outcome = post(client, *signed_event(event_id="e2", type=COMPLETED, session=second))
    assert outcome.content == b"duplicate payment refunded"
    return payment


@pytest.mark.parametrize("refusal", ["busy", "down", "declined"])
def test_a_refused_duplicate_refund_is_kept_and_done_by_the_retry_once_its_wait_is_over(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks, clock, refusal
):
    fake_stripe.refunds_fail = refusal
    payment = paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert (refund.reason, refund.status, refund.attempts) == ("duplicate", "pending", 1)
    assert (refund.payment, refund.amount, refund.stripe_payment_intent) == (
        payment,
        250_000,
        "pi_second",
    )
    assert refund.next_attempt_at > refund.created_at + dt.timedelta(minutes=4)
    assert refund.last_error

    fake_stripe.refunds_fail = ""
    assert retry().startswith("0 of 0")  # its wait is not over: Stripe is not asked
    assert retry(clock, after=dt.timedelta(minutes=6)).startswith("1 of 1")
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == RefundStatus.DONE and refund.stripe_refund_id.startswith("re_")
    assert payment.status == PaymentStatus.PAID  # the first payment stays: the order is paid
    keys = {c["idempotency_key"] for c in fake_stripe.calls("/v1/refunds")}
    assert keys == {f"refund-dup-pi_second-{payment.pk}"}
    assert fake_stripe.calls("/v1/refunds")[-1]["form"] == {
        "payment_intent": "pi_second",
        "amount": "250000",
    }


def test_stripe_not_answering_in_time_leaves_the_refund_waiting(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks, settings, clock
):
    settings.STRIPE_TIMEOUT = 0.2
    fake_stripe.slow.set()
    paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert (refund.status, refund.attempts) == (RefundStatus.PENDING, 1)
    assert "timed out" in refund.last_error.lower() or "connection" in refund.last_error.lower()

    fake_stripe.slow.clear()
    retry(clock, after=dt.timedelta(minutes=6))
    refund.refresh_from_db()
    assert refund.status == RefundStatus.DONE
    # Every try carried the same key: Stripe made at most one refund of it.
    assert {c["idempotency_key"] for c in fake_stripe.calls("/v1/refunds")} == {
        refund.idempotency_key
    }


def test_the_wait_doubles_and_after_the_last_try_a_person_is_told_once(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks, clock
):
    admin = UserFactory(phone="+84900000001", is_superuser=True, is_staff=True)
    fake_stripe.refunds_fail = "busy"
    so, payment = paid_and_confirmed(client, card_order, event_id="e-stuck")
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None, note="Hết hàng")
    waits = []
    refund = Refund.objects.get()
    while refund.status == RefundStatus.PENDING:
        waits.append(refund.next_attempt_at - dt.datetime.now(dt.UTC))
        clock.move_to(refund.next_attempt_at + dt.timedelta(seconds=1))
        out = retry()
        refund.refresh_from_db()
    assert refund.attempts == MAX_ATTEMPTS
    assert [round(w.total_seconds() / 60) for w in waits[:4]] == [5, 10, 20, 40]
    assert round(waits[-1].total_seconds() / 3600) == 8
    assert refund.status == RefundStatus.NEEDS_PERSON
    assert "1 need a person" in out
    [message] = Message.objects.filter(recipient=admin, event="card_refund_stuck")
    assert "250.000 ₫" in message.text
    assert message.link == reverse("admin:payments_refund_change", args=[refund.pk])
    retry(clock, after=dt.timedelta(days=1))
    assert Message.objects.filter(event="card_refund_stuck").count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUND_PENDING  # the money is still owed

    # The admin sends it back to Stripe, which now accepts: the order becomes refunded,
    # with the seller's reason, and who pressed the button is kept.
    fake_stripe.refunds_fail = ""
    with django_capture_on_commit_callbacks(execute=True):
        card_refund_retry_now(refund=refund, actor=admin)
    refund.refresh_from_db()
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (refund.status, refund.handled_by) == (RefundStatus.DONE, admin)
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert so.events.last().note == "Hết hàng"


def test_a_refusal_no_retry_can_change_needs_a_person_at_once_who_settles_it_by_hand(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    admin = UserFactory(phone="+84900000002", is_superuser=True, is_staff=True)
    fake_stripe.refunds_fail = "disputed"
    so, payment = paid_and_confirmed(client, card_order, event_id="e-disputed")
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None)
    refund = Refund.objects.get()
    assert (refund.status, refund.attempts) == (RefundStatus.NEEDS_PERSON, 1)
    assert "charged back" in refund.last_error
    assert Message.objects.filter(recipient=admin, event="card_refund_stuck").exists()

    with pytest.raises(PaymentError, match="bằng cách nào"):
        card_refund_settle(refund=refund, actor=admin, note="  ")
    card_refund_settle(refund=refund, actor=admin, note="Chuyển khoản lại cho khách 16/6")
    refund.refresh_from_db()
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (refund.status, refund.handled_by) == (RefundStatus.SETTLED, admin)
    assert refund.handled_note == "Chuyển khoản lại cho khách 16/6" and refund.done_at
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert len(fake_stripe.calls("/v1/refunds")) == 1


def test_a_refund_stripe_reports_failed_needs_a_person(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.refund_status = "failed"
    paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    assert Refund.objects.get().status == RefundStatus.NEEDS_PERSON


def test_replayed_duplicate_events_make_one_row_and_one_refund(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    payment = paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    second = session_for(payment, session_id="cs_second", intent="pi_second")
    with django_capture_on_commit_callbacks(execute=True):
        for event_id, kind in [
            ("e2", COMPLETED),  # the same delivery again
            ("e3", "checkout.session.async_payment_succeeded"),  # the same money, told again
        ]:
            post(client, *signed_event(event_id=event_id, type=kind, session=second))
    assert Refund.objects.count() == 1
    assert len(fake_stripe.calls("/v1/refunds")) == 1


@pytest.mark.parametrize("amount,currency", [(1000, "vnd"), (250_000, "usd"), (2_500_000, "vnd")])
def test_a_charge_of_the_wrong_amount_or_currency_goes_back_whole_and_the_buyer_may_pay_again(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks, amount, currency
):
    start(client, card_order)
    payment = card_order.seller_orders.get().payment
    payment.refresh_from_db()
    session = session_for(payment, amount=amount, currency=currency, intent="pi_odd")
    payload, header = signed_event(event_id="evt_amt", type=COMPLETED, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, payload, header).content == b"amount mismatch: refunding"
        assert post(client, payload, header).content == b"duplicate"
    refund = Refund.objects.get()
    assert (refund.reason, refund.amount, refund.currency) == ("mismatch", amount, currency)
    assert refund.status == RefundStatus.DONE
    [call] = fake_stripe.calls("/v1/refunds")
    assert call["form"] == {"payment_intent": "pi_odd"}  # the whole charge
    payment.refresh_from_db()
    assert (payment.status, payment.stripe_attempt, payment.stripe_session_id) == (
        PaymentStatus.PENDING,
        2,
        "",
    )
    assert "mismatch" in payment.note
    start(client, card_order)  # a new session, for the right amount
    assert fake_stripe.calls("/v1/checkout/sessions")[-1]["idempotency_key"].endswith(".2")


def test_a_session_short_of_one_seller_share_pays_nobody_and_goes_back(
    client, two_seller_card_order, fake_stripe, django_capture_on_commit_callbacks
):
    first, second = [so.payment for so in two_seller_card_order.seller_orders.order_by("pk")]
    session = session_for([first, second], amount=first.amount)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, *signed_event(event_id="evt_short", type=COMPLETED, session=session))
    assert Refund.objects.get().reason == RefundReason.MISMATCH
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.status, second.status} == {PaymentStatus.PENDING}


def test_money_arriving_after_cancellation_is_a_row_done_once(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    start(client, card_order)
    so = card_order.seller_orders.get()
    seller_order_transition(seller_order=so, to_status=OrderStatus.CANCELLED, actor=None)
    payment = so.payment
    payment.refresh_from_db()
    fake_stripe.refunds_fail = "down"
    payload, header = signed_event(event_id="e-late", type=COMPLETED, session=session_for(payment))
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, payload, header).content == b"refunding: order cancelled"
    refund = Refund.objects.get()
    assert (refund.reason, refund.status, refund.stripe_event_id) == ("late", "pending", "e-late")
    fake_stripe.refunds_fail = ""
    refund.next_attempt_at = None
    refund.save()
    retry()
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)


def test_a_paid_session_for_payments_we_do_not_have_waits_for_a_person(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    session = session_for(card_order.seller_orders.get().payment, intent="pi_stray")
    session["metadata"] = {"payment_ids": "999999"}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, *signed_event(event_id="e-u", type=COMPLETED, session=session))
    assert response.content == b"unknown payment"
    refund = Refund.objects.get()
    assert (refund.reason, refund.status, refund.payment) == ("unknown", "needs_person", None)
    assert fake_stripe.calls("/v1/refunds") == []  # maybe a payment link made by hand


def test_a_tampered_event_makes_no_refund(client, card_order, fake_stripe):
    payment = paid_and_confirmed(client, card_order, event_id="e-ok")[1]
    second = session_for(payment, session_id="cs_second", intent="pi_second")
    payload, header = signed_event(event_id="e-forged", type=COMPLETED, session=second)
    assert post(client, payload.replace("pi_second", "pi_third"), header).status_code == 400
    assert not Refund.objects.exists()


def test_rows_are_never_deleted(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    with pytest.raises(Exception, match="never deleted"):
        Refund.objects.get().delete()


def test_buyer_and_seller_see_where_the_refund_is(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.refunds_fail = "busy"
    so, payment = paid_and_confirmed(client, card_order, event_id="e-see")
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None)
    buyer_page = client.get(reverse("orders:order_detail", args=[card_order.token]))
    assert "Hoàn 250.000 ₫ vào thẻ: Stripe chưa nhận lệnh hoàn" in buyer_page.content.decode()

    Refund.objects.update(status=RefundStatus.NEEDS_PERSON)
    household = so.seller.household
    household.user = UserFactory()
    household.save(update_fields=["user"])
    client.force_login(household.user)
    page = client.get(reverse("portal:order_detail", args=[so.seller.slug, so.number]))
    assert "đội ngũ Chợ Số đang xử lý" in page.content.decode()


def test_the_admin_lists_the_stuck_refunds_and_sends_them_back(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    admin = UserFactory(phone="+84900000003", is_superuser=True, is_staff=True)
    fake_stripe.refunds_fail = "disputed"
    paid_twice(client, card_order, run_callbacks=django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    client.force_login(admin)
    url = reverse("admin:payments_refund_changelist")
    assert "pi_second" not in client.get(url + "?status=done").content.decode()
    listing = client.get(url + "?status=needs_person").content.decode()
    assert refund.get_reason_display() in listing
    fake_stripe.refunds_fail = ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "retry_now", "_selected_action": [refund.pk]})
    refund.refresh_from_db()
    assert (refund.status, refund.handled_by) == (RefundStatus.DONE, admin)
