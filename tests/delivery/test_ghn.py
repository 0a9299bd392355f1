"""The GHN adapter against a local server speaking GHN's API v2."""

import datetime as dt
from dataclasses import replace

import pytest

from marketplace.delivery import quotes
from marketplace.delivery.carriers import CarrierError, carrier_get
from marketplace.delivery.carriers import base as states
from marketplace.delivery.carriers.ghn import GhnCarrier
from marketplace.delivery.errors import DeliveryError
from marketplace.delivery.models import DeliveryOption
from marketplace.delivery.services import shipment_book
from tests.delivery.fake_ghn import CREATE, DETAIL, FEE, LEADTIME, ok
from tests.orders.factories import make_product

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def test_off_until_token_and_shop_id_are_set(settings):
    settings.GHN_TOKEN, settings.GHN_SHOP_ID = "ghn-token", ""
    assert carrier_get("ghn") is None
    settings.GHN_SHOP_ID = "885"
    assert isinstance(carrier_get("ghn"), GhnCarrier)


# --- quote ----------------------------------------------------------------------------


def test_quote_sends_the_fee_and_leadtime_requests(ghn, parcel):
    quote = GhnCarrier().quote(parcel=parcel)
    assert (quote.fee, quote.expected_date) == (36300, dt.date(2026, 6, 17))
    fee, leadtime = ghn.requests
    assert (fee["method"], fee["path"]) == ("POST", FEE)
    assert fee["headers"]["token"] == "ghn-token"
    assert fee["headers"]["shopid"] == "885"
    assert fee["json"] == {
        "from_district_id": 9001,
        "from_ward_code": "T0001",
        "to_district_id": 9002,
        "to_ward_code": "T0002",
        "service_type_id": 2,
        "weight": 3000,
        "insurance_value": 150_000,
    }
    assert leadtime["path"] == LEADTIME
    assert leadtime["json"] == {
        "from_district_id": 9001,
        "from_ward_code": "T0001",
        "to_district_id": 9002,
        "to_ward_code": "T0002",
        "service_type_id": 2,
    }


def test_quote_insures_up_to_ghns_most(ghn, parcel):
    GhnCarrier().quote(parcel=replace(parcel, goods_value=12_000_000))
    assert ghn.requests[0]["json"]["insurance_value"] == 5_000_000


def test_quote_without_leadtime_still_prices(ghn, parcel):
    ghn.error(LEADTIME, "route not supported")
    quote = GhnCarrier().quote(parcel=parcel)
    assert (quote.fee, quote.expected_date) == (36300, None)


def test_quote_refused_with_code_400_is_a_carrier_error(ghn, parcel):
    ghn.error(FEE, "Cân nặng không hợp lệ", "WEIGHT_INVALID")
    with pytest.raises(CarrierError, match="HTTP 400, code 400: WEIGHT_INVALID"):
        GhnCarrier().quote(parcel=parcel)


def test_quote_code_not_200_inside_http_200_is_a_carrier_error(ghn, parcel):
    ghn.answer(FEE, {"code": 401, "message": "Token is not valid", "data": None})
    with pytest.raises(CarrierError, match="Token is not valid"):
        GhnCarrier().quote(parcel=parcel)


@pytest.mark.parametrize("status", [500, 502])
def test_quote_server_error_is_a_carrier_error(ghn, parcel, status):
    ghn.raw(FEE, f"<html>{status} Bad Gateway</html>", status=status)
    with pytest.raises(CarrierError, match=f"HTTP {status}"):
        GhnCarrier().quote(parcel=parcel)


def test_quote_answer_that_is_not_http_is_a_carrier_error(ghn, parcel):
    ghn.garbage(FEE)
    with pytest.raises(CarrierError, match="no answer"):
        GhnCarrier().quote(parcel=parcel)


def test_quote_timeout_is_a_carrier_error(ghn, parcel):
    ghn.timeout(FEE, seconds=1.0)
    with pytest.raises(CarrierError, match="no answer"):
        GhnCarrier().quote(parcel=parcel)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '["a list"]',
        '{"code": 200, "message": "Success"}',
        '{"code": 200, "data": {"service_fee": 1}}',
        '{"code": 200, "data": {"total": "36300"}}',
        '{"code": 200, "data": {"total": -1}}',
    ],
)
def test_quote_malformed_answer_is_a_carrier_error(ghn, parcel, text):
    ghn.raw(FEE, text)
    with pytest.raises(CarrierError):
        GhnCarrier().quote(parcel=parcel)


def test_quote_to_an_unmapped_commune_asks_nothing(ghn, parcel, ghn_table, buyer_commune):
    del ghn_table[buyer_commune.code]
    with pytest.raises(CarrierError, match=f"commune {buyer_commune.code} is not in"):
        GhnCarrier().quote(parcel=parcel)
    assert ghn.requests == []


# --- checkout quotes ------------------------------------------------------------------


def _courier(seller, fee):
    return DeliveryOption.objects.create(seller=seller, kind="courier", carrier="ghn", fee=fee)


def _checkout(seller, option, commune):
    product = make_product(seller=seller)
    return quotes.seller_delivery(
        seller=seller, options=[option], lines=[(product, 2)], commune=commune, today=TODAY
    )


def test_checkout_shows_ghn_price_and_date(ghn, seller, buyer_commune):
    delivery = _checkout(seller, _courier(seller, 25_000), buyer_commune)
    [quote] = delivery.quotes
    assert (quote.fee, quote.expected_date, quote.estimated) == (36300, dt.date(2026, 6, 17), False)
    assert ghn.requests[0]["json"]["weight"] == 2000


def test_checkout_falls_back_to_the_seller_fee_when_ghn_times_out(ghn, seller, buyer_commune):
    ghn.timeout(FEE, seconds=1.0)
    delivery = _checkout(seller, _courier(seller, 25_000), buyer_commune)
    [quote] = delivery.quotes
    assert (quote.fee, quote.estimated, quote.carrier) == (25_000, True, "ghn")


def test_checkout_hides_the_courier_without_a_fee_when_ghn_times_out(ghn, seller, buyer_commune):
    ghn.timeout(FEE, seconds=1.0)
    delivery = _checkout(seller, _courier(seller, None), buyer_commune)
    assert delivery.quotes == []
    assert delivery.chosen is None


# --- book -----------------------------------------------------------------------------


def test_book_sends_the_create_request(ghn, parcel):
    booking = GhnCarrier().book(parcel=parcel)
    assert booking.tracking_number == "GHNTEST1"
    assert (booking.fee, booking.expected_date) == (36300, dt.date(2026, 6, 17))
    [request] = ghn.requests
    assert request["path"] == CREATE
    assert request["headers"]["token"] == "ghn-token"
    assert request["json"] == {
        "payment_type_id": 1,
        "required_note": "CHOXEMHANGKHONGTHU",
        "service_type_id": 2,
        "client_order_code": "CS000123-1",
        "from_name": "Hộ Trần Văn Ba",
        "from_phone": "0987654321",
        "from_address": "Ấp Mỹ Hòa",
        "from_district_id": 9001,
        "from_ward_code": "T0001",
        "return_phone": "0987654321",
        "return_address": "Ấp Mỹ Hòa",
        "return_district_id": 9001,
        "return_ward_code": "T0001",
        "to_name": "Nguyễn Thị Lan",
        "to_phone": "0912345678",
        "to_address": "12 ấp Phú Lợi",
        "to_district_id": 9002,
        "to_ward_code": "T0002",
        "weight": 3000,
        "length": 10,
        "width": 10,
        "height": 10,
        "insurance_value": 150_000,
        "cod_amount": 186_300,
        "content": "Bưởi da xanh",
        "items": [{"name": "Bưởi da xanh", "quantity": 3}],
    }


@pytest.mark.parametrize(
    ("message", "code_message"),
    [("Mã đơn hàng đã tồn tại", "DUPLICATE_CLIENT_ORDER_CODE"), ("Đơn hàng đã tồn tại", "")],
)
def test_book_a_taken_order_number_says_it_was_booked_before(ghn, parcel, message, code_message):
    ghn.error(CREATE, message, code_message)
    with pytest.raises(CarrierError, match="already has an order with client_order_code"):
        GhnCarrier().book(parcel=parcel)


def test_book_refusal_is_a_carrier_error(ghn, parcel):
    ghn.error(CREATE, "Số điện thoại không hợp lệ", "PHONE_INVALID")
    with pytest.raises(CarrierError, match="PHONE_INVALID") as caught:
        GhnCarrier().book(parcel=parcel)
    assert "already" not in str(caught.value)


def test_book_without_order_code_is_a_carrier_error(ghn, parcel):
    ghn.answer(CREATE, ok({"total_fee": 36300}))
    with pytest.raises(CarrierError, match="no order_code"):
        GhnCarrier().book(parcel=parcel)


def test_shipment_book_keeps_the_tracking_number(ghn, parcel, make_shipment):
    shipment = shipment_book(shipment=make_shipment(""), parcel=parcel, actor=None)
    assert (shipment.tracking_number, shipment.expected_date) == ("GHNTEST1", dt.date(2026, 6, 17))
    assert shipment.tracking_url == "https://donhang.ghn.vn/?order_code=GHNTEST1"
    assert shipment.booked_at is not None
    assert shipment.events.get().key == "book:ghn:GHNTEST1"


def test_shipment_book_refused_changes_nothing(ghn, parcel, make_shipment):
    ghn.error(CREATE, "Số điện thoại không hợp lệ", "PHONE_INVALID")
    shipment = make_shipment("")
    with pytest.raises(DeliveryError):
        shipment_book(shipment=shipment, parcel=parcel, actor=None)
    shipment.refresh_from_db()
    assert (shipment.tracking_number, shipment.booked_at) == ("", None)
    assert not shipment.events.exists()


# --- status ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ghn_status", "state"),
    [
        ("ready_to_pick", states.WAITING),
        ("picking", states.WAITING),
        ("money_collect_picking", states.WAITING),
        ("picked", states.PICKED),
        ("transporting", states.PICKED),
        ("delivering", states.PICKED),
        ("delivery_fail", states.PICKED),
        ("delivered", states.DELIVERED),
        ("waiting_to_return", states.RETURNED),
        ("returned", states.RETURNED),
        ("cancel", states.CANCELLED),
        ("something_new", states.WAITING),
    ],
)
def test_status_maps_ghn_words_to_ours(ghn, ghn_status, state):
    answer = {"order_code": "GHNTEST1", "status": ghn_status, "updated_date": "2026-06-15T02:00Z"}
    ghn.answer(DETAIL, ok(answer))
    status = GhnCarrier().status(tracking_number="GHNTEST1")
    assert (status.carrier_status, status.state) == (ghn_status, state)
    assert status.at == dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
    assert ghn.requests[0]["json"] == {"order_code": "GHNTEST1"}


def test_status_without_a_status_is_a_carrier_error(ghn):
    ghn.answer(DETAIL, ok({"order_code": "GHNTEST1"}))
    with pytest.raises(CarrierError, match="no status"):
        GhnCarrier().status(tracking_number="GHNTEST1")


def test_status_with_an_unreadable_time_keeps_the_status(ghn):
    ghn.answer(DETAIL, ok({"status": "delivered", "updated_date": "yesterday"}))
    status = GhnCarrier().status(tracking_number="GHNTEST1")
    assert (status.state, status.at) == (states.DELIVERED, None)


def test_status_down_is_a_carrier_error(ghn):
    ghn.timeout(DETAIL, seconds=1.0)
    with pytest.raises(CarrierError, match="no answer"):
        GhnCarrier().status(tracking_number="GHNTEST1")
