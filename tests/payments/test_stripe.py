import datetime as dt
import io
import json
import time

import pytest
import stripe
from django.core.management import call_command
from django.urls import reverse

from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from marketplace.payments.models import PaymentStatus, StripeEvent
from marketplace.payments.services import payment_refund
from tests.payments.conftest import WEBHOOK_SECRET, session_for, signed_event

pytestmark = pytest.mark.django_db
WEBHOOK = "/stripe/webhook/"


def post(client, payload, header):
    return client.post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def start(client, order):
    return client.post(reverse("orders:pay_by_card", args=[order.token]))


def paid_and_confirmed(client, order, *, event_id):
    """A card order Stripe reports paid and its seller has confirmed."""
    start(client, order)
    so = order.seller_orders.get()
    payment = so.payment
    payment.refresh_from_db()
    post(
        client,
        *signed_event(
            event_id=event_id, type="checkout.session.completed", session=session_for(payment)
        ),
    )
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=None)
    return so, payment


def test_checkout_session_created_in_vnd_with_idempotency_key(client, card_order, fake_stripe):
    response = start(client, card_order)
    payment = card_order.seller_orders.get().payment
    payment.refresh_from_db()
    [call] = fake_stripe.calls("/v1/checkout/sessions")
    assert response.status_code == 302
    assert response["Location"] == f"{fake_stripe.url}/pay/{payment.stripe_session_id}"
    assert call["form"]["line_items[0][price_data][currency]"] == "vnd"
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "250000"
    assert call["idempotency_key"] == f"checkout-{payment.pk}.1"
    assert payment.status == PaymentStatus.PENDING  # the return from Stripe proves nothing


def test_second_click_gets_the_same_session(client, card_order, fake_stripe):
    first, second = start(client, card_order), start(client, card_order)
    assert first["Location"] == second["Location"]


def test_same_event_five_times_gives_one_payment(client, card_order, fake_stripe):
    start(client, card_order)
    payment = card_order.seller_orders.get().payment
    payment.refresh_from_db()
    payload, header = signed_event(
        event_id="evt_1", type="checkout.session.completed", session=session_for(payment)
    )
    outcomes = [post(client, payload, header).content for _ in range(5)]
    assert outcomes == [b"paid"] + [b"duplicate"] * 4
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.stripe_payment_intent == "pi_test_1"
    assert StripeEvent.objects.count() == 1


def test_async_success_after_completed_is_harmless(client, card_order, fake_stripe):
    start(client, card_order)
    payment = card_order.seller_orders.get().payment
    payment.refresh_from_db()
    # Out of order: expired first (for an older attempt), then success, then completed.
    for event_id, kind in [
        ("evt_a", "checkout.session.async_payment_succeeded"),
        ("evt_b", "checkout.session.completed"),
        ("evt_c", "checkout.session.expired"),
    ]:
        assert (
            post(
                client, *signed_event(event_id=event_id, type=kind, session=session_for(payment))
            ).status_code
            == 200
        )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.stripe_attempt == 1


def test_unpaid_completion_waits_and_failure_allows_a_new_attempt(client, card_order, fake_stripe):
    start(client, card_order)
    payment = card_order.seller_orders.get().payment
    payment.refresh_from_db()
    completed = session_for(payment, status="unpaid")
    assert (
        post(
            client,
            *signed_event(event_id="e1", type="checkout.session.completed", session=completed),
        ).content
        == b"waiting"
    )
    failed = session_for(payment, status="unpaid")
    assert (
        post(
            client,
            *signed_event(
                event_id="e2", type="checkout.session.async_payment_failed", session=failed
            ),
        ).content
        == b"attempt over"
    )
    payment.refresh_from_db()
    assert (payment.status, payment.stripe_attempt) == (PaymentStatus.PENDING, 2)
    start(client, card_order)
    assert fake_stripe.calls("/v1/checkout/sessions")[-1]["idempotency_key"].endswith(".2")


@pytest.mark.parametrize("kind", ["tampered", "stale", "wrong secret", "missing"])
def test_bad_signature_is_400_and_changes_nothing(client, card_order, kind):
    payment = card_order.seller_orders.get().payment
    payload, header = signed_event(
        event_id="evt_bad",
        type="checkout.session.completed",
        session=session_for(payment),
        secret="whsec_other" if kind == "wrong secret" else "whsec_test_secret",
        timestamp=int(time.time()) - 3600 if kind == "stale" else None,
    )
    if kind == "tampered":
        payload = payload.replace('"vnd"', '"usd"')
    if kind == "missing":
        header = ""
    assert post(client, payload, header).status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not StripeEvent.objects.exists()


def test_cancelled_paid_order_is_refunded_through_stripe(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    so, payment = paid_and_confirmed(client, card_order, event_id="e1")
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None)
    [call] = fake_stripe.calls("/v1/refunds")
    assert call["form"] == {"payment_intent": "pi_test_1", "amount": "250000"}
    assert call["idempotency_key"] == f"refund-payment-{payment.pk}"
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)


def test_money_arriving_after_cancellation_goes_back(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    start(client, card_order)
    so = card_order.seller_orders.get()
    seller_order_transition(seller_order=so, to_status=OrderStatus.CANCELLED, actor=None)
    payment = so.payment
    payment.refresh_from_db()
    payload, header = signed_event(
        event_id="e1", type="checkout.session.completed", session=session_for(payment)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, payload, header).content == b"refunding: order cancelled"
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert len(fake_stripe.calls("/v1/refunds")) == 1


def test_webhook_is_404_without_stripe(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert client.post(WEBHOOK, data="{}", content_type="application/json").status_code == 404


def test_card_not_offered_without_keys(client, settings):
    from marketplace.payments.methods import methods_available

    settings.STRIPE_SECRET_KEY = ""
    assert "stripe" not in [m.code for m in methods_available()]


def test_return_from_stripe_shows_waiting_not_paid(client, card_order, fake_stripe):
    start(client, card_order)
    url = reverse("orders:order_detail", args=[card_order.token])
    page = client.get(url + "?paid=1").content.decode()
    assert "Đang chờ cổng thanh toán thẻ xác nhận" in page
    assert card_order.seller_orders.get().payment.status == PaymentStatus.PENDING


def test_cancelling_a_card_paid_order_refunds_it_through_stripe(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    start(client, card_order)
    so = card_order.seller_orders.get()
    payment = so.payment
    payment.refresh_from_db()
    post(
        client,
        *signed_event(
            event_id="e1", type="checkout.session.completed", session=session_for(payment)
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(seller_order=so, to_status=OrderStatus.CANCELLED, actor=None)
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert [e.to_status for e in so.events.all()][-2:] == ["cancelled", "refunded"]
    assert so.lines.get().product.stock == 5
    assert len(fake_stripe.calls("/v1/refunds")) == 1


def test_a_refund_stripe_refused_is_done_by_the_retry_command(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks, clock
):
    so, payment = paid_and_confirmed(client, card_order, event_id="e-retry")
    fake_stripe.refunds_fail = "busy"
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUND_PENDING  # the buyer's money is not lost

    fake_stripe.refunds_fail = ""
    clock.shift(dt.timedelta(minutes=6))  # the first wait after a refusal
    out = io.StringIO()
    call_command("stripe_refunds_retry", stdout=out)
    call_command("stripe_refunds_retry", stdout=io.StringIO())  # a second run changes nothing

    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert "1 of 1" in out.getvalue()
    keys = {c["idempotency_key"] for c in fake_stripe.calls("/v1/refunds")}
    assert keys == {f"refund-payment-{payment.pk}"}


def _payments(order):
    return [so.payment for so in order.seller_orders.order_by("pk")]


def test_two_sellers_pay_in_one_checkout_session(client, two_seller_card_order, fake_stripe):
    response = start(client, two_seller_card_order)
    first, second = _payments(two_seller_card_order)
    [call] = fake_stripe.calls("/v1/checkout/sessions")
    form = call["form"]
    assert response["Location"] == f"{fake_stripe.url}/pay/{first.stripe_session_id}"
    assert first.stripe_session_id == second.stripe_session_id != ""
    assert [line["amount"] for line in fake_stripe.line_items[first.stripe_session_id]] == [
        90_000,
        60_000,
    ]
    assert form["line_items[0][price_data][product_data][name]"].startswith(
        first.seller_order.number
    )
    assert form["metadata[payment_ids]"] == f"{first.pk},{second.pk}"
    assert call["idempotency_key"] == f"checkout-{first.pk}.1-{second.pk}.1"
    assert start(client, two_seller_card_order)["Location"] == response["Location"]
    assert len({c["idempotency_key"] for c in fake_stripe.calls("/v1/checkout/sessions")}) == 1


def test_one_paid_session_marks_each_seller_order_paid_once(
    client, two_seller_card_order, fake_stripe
):
    start(client, two_seller_card_order)
    payments = _payments(two_seller_card_order)
    payload, header = signed_event(
        event_id="evt_two", type="checkout.session.completed", session=session_for(payments)
    )
    assert [post(client, payload, header).content for _ in range(3)] == [
        b"paid",
        b"duplicate",
        b"duplicate",
    ]
    for payment in payments:
        payment.refresh_from_db()
        assert (payment.status, payment.stripe_payment_intent) == (PaymentStatus.PAID, "pi_test_1")
    assert StripeEvent.objects.count() == 1


def test_refunds_stay_per_seller_order_on_the_shared_payment(
    client, two_seller_card_order, fake_stripe, django_capture_on_commit_callbacks
):
    start(client, two_seller_card_order)
    payments = _payments(two_seller_card_order)
    post(
        client,
        *signed_event(
            event_id="evt_r", type="checkout.session.completed", session=session_for(payments)
        ),
    )
    first, second = _payments(two_seller_card_order)
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(
            seller_order=second.seller_order, to_status=OrderStatus.CANCELLED, actor=None
        )
    [call] = fake_stripe.calls("/v1/refunds")
    assert call["form"] == {"payment_intent": "pi_test_1", "amount": "60000"}
    assert call["idempotency_key"] == f"refund-payment-{second.pk}"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PaymentStatus.PAID, PaymentStatus.REFUNDED)


def test_seller_order_cancelled_before_paying_gets_its_share_back(
    client, two_seller_card_order, fake_stripe, django_capture_on_commit_callbacks
):
    start(client, two_seller_card_order)
    first, second = _payments(two_seller_card_order)
    seller_order_transition(
        seller_order=second.seller_order, to_status=OrderStatus.CANCELLED, actor=None
    )
    # The buyer pays the session opened before the cancellation, for both shops.
    payload, header = signed_event(
        event_id="evt_c", type="checkout.session.completed", session=session_for([first, second])
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, payload, header).content == b"paid, refunding: order cancelled"
    [call] = fake_stripe.calls("/v1/refunds")
    assert call["form"]["amount"] == "60000"
    first.refresh_from_db()
    assert first.status == PaymentStatus.PAID


def test_expired_session_opens_a_new_attempt_for_every_payment_in_it(
    client, two_seller_card_order, fake_stripe
):
    start(client, two_seller_card_order)
    payments = _payments(two_seller_card_order)
    session = session_for(payments, status="unpaid")
    response = post(
        client, *signed_event(event_id="evt_x", type="checkout.session.expired", session=session)
    )
    assert response.content == b"attempt over"
    first, second = _payments(two_seller_card_order)
    assert (first.stripe_attempt, second.stripe_attempt) == (2, 2)
    start(client, two_seller_card_order)
    key = fake_stripe.calls("/v1/checkout/sessions")[-1]["idempotency_key"]
    assert key == f"checkout-{first.pk}.2-{second.pk}.2"


def test_session_of_a_single_payment_from_before_still_pays(client, card_order):
    payment = card_order.seller_orders.get().payment
    session = session_for(payment, session_id="cs_old")
    session["metadata"] = {"payment_id": str(payment.pk)}
    response = post(
        client,
        *signed_event(event_id="evt_old", type="checkout.session.completed", session=session),
    )
    assert response.content == b"paid"


@pytest.mark.parametrize("ids", ["", "1,x", "999999"])
def test_session_naming_no_payment_of_ours_changes_nothing(client, card_order, ids):
    payment = card_order.seller_orders.get().payment
    session = session_for(payment)
    session["metadata"] = {"payment_ids": ids}
    session["client_reference_id"] = ""
    response = post(
        client, *signed_event(event_id="evt_u", type="checkout.session.completed", session=session)
    )
    assert response.content == b"unknown payment"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_stripe_refusing_the_session_is_a_message(client, card_order, fake_stripe):
    fake_stripe.sessions_fail = True
    response = start(client, card_order)
    page = client.get(response["Location"]).content.decode()
    assert "Hiện chưa kết nối được thanh toán thẻ" in page
    assert card_order.seller_orders.get().payment.stripe_session_id == ""


def signed(body, *, timestamp=None):
    payload = json.dumps(body)
    return payload, stripe.WebhookSignature.generate_signature_header(
        payload, WEBHOOK_SECRET, timestamp=timestamp
    )


def event_of(session, **overrides):
    return {
        "id": "evt_shape",
        "object": "event",
        "type": "checkout.session.completed",
        "data": {"object": session},
        **overrides,
    }


@pytest.mark.parametrize(
    "shape",
    [
        "array body",
        "string body",
        "object is a string",
        "data is a list",
        "no data",
        "type is a number",
        "id is a number",
        "id is empty",
        "id with a NUL",
        "metadata is a string",
        "metadata holds a list",
        "payment_intent is an object",
        "amount is a string",
        "amount is true",
    ],
)
def test_signed_event_of_the_wrong_shape_is_400_and_changes_nothing(client, card_order, shape):
    payment = card_order.seller_orders.get().payment
    session = session_for(payment)
    bodies = {
        "array body": [event_of(session)],
        "string body": "checkout.session.completed",
        "object is a string": event_of(session, data={"object": "cs_test_x"}),
        "data is a list": event_of(session, data=[session]),
        "no data": {"id": "evt_shape", "type": "checkout.session.completed"},
        "type is a number": event_of(session, type=7),
        "id is a number": event_of(session, id=7),
        "id is empty": event_of(session, id=""),
        "id with a NUL": event_of(session, id="evt\x00x"),
        "metadata is a string": event_of({**session, "metadata": str(payment.pk)}),
        "metadata holds a list": event_of({**session, "metadata": {"payment_ids": [payment.pk]}}),
        "payment_intent is an object": event_of({**session, "payment_intent": {"id": "pi"}}),
        "amount is a string": event_of({**session, "amount_total": str(payment.amount)}),
        "amount is true": event_of({**session, "amount_total": True}),
    }
    response = post(client, *signed(bodies[shape]))
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize("seconds,status", [(-299, 200), (-301, 400), (299, 200), (301, 400)])
def test_signature_dated_more_than_five_minutes_off_either_way_is_400(
    client, card_order, seconds, status
):
    payment = card_order.seller_orders.get().payment
    payload, header = signed_event(
        event_id=f"evt_t{seconds}",
        type="checkout.session.completed",
        session=session_for(payment),
        timestamp=int(time.time()) + seconds,
    )
    assert post(client, payload, header).status_code == status
    assert StripeEvent.objects.exists() == (status == 200)


def test_header_with_two_timestamps_is_400(client, card_order):
    payment = card_order.seller_orders.get().payment
    payload, header = signed_event(
        event_id="evt_tt", type="checkout.session.completed", session=session_for(payment)
    )
    future = int(time.time()) + 3600
    assert post(client, payload, f"{header},t={future}").status_code == 400
    assert not StripeEvent.objects.exists()


def test_unhandled_event_type_with_any_object_is_recorded_and_ignored(client, card_order):
    body = event_of({"anything": ["goes", 1]}, type="customer.created", id="evt_other")
    assert post(client, *signed(body)).content == b"ignored"
