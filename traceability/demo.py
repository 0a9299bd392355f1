"""Demo lots: one per product for most products, each with the farm diary its kind of
product keeps (a fruit from planting to packing, a processed food from its raw harvest),
one lot split into packed lots, one recalled (idempotent)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.core.demo import demo_moment, demo_step

from .models import EventKind, Lot
from .services import event_record, lot_create, lot_recall, lot_split

# GS1's own documentation example GTIN (prefix 950 = GS1 Global Office): shows the
# Digital Link path without inventing a number under a real company prefix.
EXAMPLE_GTIN = "09506000134352"
E = EventKind
# Top category -> the diary: (kind, days before today, fields). Fruit and plants are
# grown; foods are made from a harvest; crafts are made and inspected.
GROWN = [
    (E.PLANTING, 400, {"notes": "Trồng mới 120 gốc trên liếp", "quantity": 120, "unit": "tree"}),
    (E.INPUT, 60, {"input_product": "Phân hữu cơ vi sinh", "dose": "3 kg/gốc", "phi_days": 0}),
    (E.INPUT, 25, {"input_product": "NPK 16-16-8", "dose": "1 kg/gốc", "phi_days": 7}),
    (E.HARVEST, 6, {}),
    (E.INSPECTION, 5, {"certificate_name": "VietGAP"}),
    (E.PACKING, 4, {"notes": "Lựa trái, dán tem truy xuất"}),
]
MADE = [
    (E.HARVEST, 12, {"notes": "Nguyên liệu thu từ vườn, ao của hộ"}),
    (E.PROCESSING, 10, {"notes": "Sơ chế, chế biến theo quy trình của cơ sở"}),
    (E.INSPECTION, 8, {"certificate_name": "Giấy chứng nhận an toàn thực phẩm"}),
    (E.PACKING, 7, {"notes": "Đóng gói, in hạn sử dụng"}),
]
CRAFTED = [
    (E.PROCESSING, 20, {"notes": "Làm thủ công tại cơ sở"}),
    (E.PACKING, 3, {"notes": "Đóng hộp, kèm thẻ bảo hành"}),
]
DIARIES = {"trai-cay": GROWN, "sinh-vat-canh": GROWN, "thu-cong-my-nghe": CRAFTED}
# Products without a lot: a few just listed, as real shops have.
EVERY_NTH_WITHOUT = 5
WITH_GTIN = "Bưởi da xanh Chợ Lách"
SPLIT = "Sầu riêng Ri6 Chợ Lách"
RECALLED = ("Khô cá đù", "Mẫu kiểm tra có độ ẩm cao, nguy cơ nấm mốc")
ALWAYS = {WITH_GTIN, SPLIT, RECALLED[0]}


def _actor(lot_seller, officer):
    if lot_seller.household_id:
        return lot_seller.household.user or officer
    return lot_seller.cooperative.managers.order_by("pk").first() or officer


def _diary(lot, *, actor, steps) -> None:
    for kind, days, fields in steps:
        fields = dict(fields)
        planted = {"quantity": Decimal(fields.pop("quantity"))} if "quantity" in fields else {}
        unit = fields.pop("unit", "")
        if kind == E.HARVEST:
            planted = {"quantity": lot.quantity}
        event_record(
            lot=lot,
            actor=actor,
            kind=kind,
            occurred_at=demo_moment(days, hour=6 if kind == E.HARVEST else 8),
            quantity_unit=unit,
            **planted,
            **fields,
        )


def _lot(product, *, number: str, officer) -> Lot:
    top = product.category.parent.slug if product.category.parent_id else product.category.slug
    steps = DIARIES.get(product.category.slug) or DIARIES.get(top) or MADE
    actor = _actor(product.seller, officer)
    today = timezone.localdate()
    lot = lot_create(
        product=product,
        actor=actor,
        quantity=Decimal(max(product.stock, 20)),
        unit=product.unit,
        lot_number=number,
        gtin=EXAMPLE_GTIN if product.name == WITH_GTIN else "",
        packed_on=today - dt.timedelta(days=4),
        best_before=today + dt.timedelta(days=30 if steps is GROWN else 180),
    )
    _diary(lot, actor=actor, steps=steps)
    return lot


@demo_step(70)
def seed(context):
    officer = context.users["officer"]
    products = (
        Product.objects.filter(seller__in=context.sellers.values(), status=ProductStatus.LIVE)
        .select_related("category__parent", "seller__household__user", "seller__cooperative")
        .order_by("pk")
    )
    made = 0
    for index, product in enumerate(products):
        number = f"DEMO-{product.pk:03d}-1"
        if index % EVERY_NTH_WITHOUT == EVERY_NTH_WITHOUT - 1 and product.name not in ALWAYS:
            continue
        if Lot.objects.filter(product=product, lot_number=number).exists():
            continue
        lot = _lot(product, number=number, officer=officer)
        if product.name == SPLIT:
            actor = _actor(product.seller, officer)
            half = lot.quantity / 2
            lot_split(lot=lot, actor=actor, parts=[half, half], unit=lot.unit)
        if product.name == RECALLED[0]:
            lot_recall(lot=lot, actor=officer, reason=RECALLED[1])
        made += 1
    lots = Lot.objects.filter(seller__in=context.sellers.values())
    context.log.append(f"traceability: {lots.count()} lots ({made} new)")
