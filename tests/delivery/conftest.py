import itertools

import pytest

from marketplace.delivery.carriers import ghn_codes
from marketplace.delivery.carriers.base import Parcel
from marketplace.delivery.models import Shipment
from marketplace.delivery.signals import shipment_state_changed
from marketplace.orders.models import Order, SellerOrder
from tests.delivery.fake_ghn import FakeGhn
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

# Made-up GHN codes: the real ones come from GHN's master data only.
SELLER_WARD = ghn_codes.GhnWard(9001, "T0001", "Xã Thử Nghiệm Gửi")
BUYER_WARD = ghn_codes.GhnWard(9002, "T0002", "Xã Thử Nghiệm Nhận")


@pytest.fixture
def seller(db):
    return make_household_seller()


@pytest.fixture
def buyer_commune(db):
    return CommuneFactory()


@pytest.fixture
def ghn_table(settings, tmp_path, monkeypatch):
    """An empty GHN code table of this test's own: add {commune code: GhnWard}."""
    settings.GHN_WARDS_CSV = str(tmp_path / "ghn_wards.csv")
    table: dict = {}
    monkeypatch.setitem(ghn_codes._tables, settings.GHN_WARDS_CSV, table)
    return table


@pytest.fixture
def ghn(settings, ghn_table, seller, buyer_commune):
    """GHN switched on against the fake, with the seller's and the buyer's communes mapped."""
    with FakeGhn() as fake:
        settings.GHN_TOKEN = "ghn-token"
        settings.GHN_SHOP_ID = "885"
        settings.GHN_BASE_URL = fake.url
        settings.GHN_WEBHOOK_SECRET = "hook-secret-1"
        settings.DELIVERY_QUOTE_TIMEOUT = 0.3
        settings.DELIVERY_HTTP_TIMEOUT = 0.3
        ghn_table[seller.commune.code] = SELLER_WARD
        ghn_table[buyer_commune.code] = BUYER_WARD
        yield fake


@pytest.fixture
def parcel(seller, buyer_commune):
    return Parcel(
        from_commune_code=seller.commune.code,
        to_commune_code=buyer_commune.code,
        weight_grams=3000,
        goods_value=150_000,
        cod_amount=186_300,
        reference="CS000123-1",
        to_name="Nguyễn Thị Lan",
        to_phone="0912345678",
        to_address="12 ấp Phú Lợi",
        from_name="Hộ Trần Văn Ba",
        from_phone="0987654321",
        from_address="Ấp Mỹ Hòa",
        content="Bưởi da xanh",
        items=(("Bưởi da xanh", 3),),
    )


@pytest.fixture
def make_shipment(seller, buyer_commune):
    """A seller order's shipment, booked with GHN under `tracking_number`.

    The seller order is written directly rather than through checkout (`order_place`),
    which is being wired to delivery separately: these tests are about what comes after.
    """
    numbers = itertools.count(1)

    def _make(tracking_number="GHNTEST1", **fields):
        order = Order.objects.create(
            name="Nguyễn Thị Lan",
            phone="0912345678",
            address="12 ấp Phú Lợi",
            commune=buyer_commune,
        )
        seller_order = SellerOrder.objects.create(
            order=order,
            seller=seller,
            number=f"CS{order.pk:06d}-{next(numbers)}",
            goods_total=150_000,
            delivery_fee=36_300,
            total=186_300,
        )
        # Checkout may already open the shipment when it places the order.
        shipment, _created = Shipment.objects.get_or_create(
            seller_order=seller_order, defaults={"kind": "courier", "label": "GHN"}
        )
        fields = {"kind": "courier", "label": "GHN", "carrier": "ghn", **fields}
        Shipment.objects.filter(pk=shipment.pk).update(tracking_number=tracking_number, **fields)
        shipment.refresh_from_db()
        return shipment

    return _make


@pytest.fixture
def states_heard():
    """The (shipment id, state) of every shipment_state_changed sent during the test."""
    heard = []

    def receiver(sender, shipment, state, actor, **kwargs):
        heard.append((shipment.pk, state))

    shipment_state_changed.connect(receiver, dispatch_uid="test-states-heard")
    yield heard
    shipment_state_changed.disconnect(dispatch_uid="test-states-heard")
