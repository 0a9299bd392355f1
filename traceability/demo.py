"""Demo lots with full farm diaries, one per demo seller (idempotent)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from catalog.models import Category, Product

from .models import EventKind, Lot
from .services import event_record, lot_create, lot_recall, lot_split

# GS1's own documentation example GTIN (prefix 950 = GS1 Global Office): shows the
# Digital Link path without inventing a number under a real company prefix.
EXAMPLE_GTIN = "09506000134352"

# seller key -> (product name, unit, input product, dose, pre-harvest interval days)
DEMO_CROPS = {
    "hung": ("Kẹo dừa Mỏ Cày", "box", "Phân hữu cơ vi sinh", "5 kg/gốc", 0),
    "tam": ("Bưởi da xanh Chợ Lách", "kg", "NPK 16-16-8", "1 kg/gốc", 7),
    "sang": ("Chôm chôm Java", "kg", "Regent 800WG", "1 gói/bình 16 lít", 14),
    "nong": ("Hạt dẻ Trùng Khánh", "kg", "Phân chuồng ủ hoai", "10 kg/gốc", 0),
    "ha": ("Bánh tráng Tam Quan", "bag", "Phân kali", "0,5 kg/100 m²", 7),
    "tuyet": ("Chè Tân Cương Định Hóa", "kg", "Phân bón lá", "20 ml/bình", 10),
    "coop": ("Dừa xiêm xanh", "piece", "NPK 20-20-15", "1,5 kg/gốc", 7),
}


def _demo_product(seller, name, unit):
    """The seller's first product; made only when the catalog seeded none for them."""
    product = Product.objects.filter(seller=seller).order_by("pk").first()
    if product is not None:
        return product
    category, _ = Category.objects.get_or_create(slug="dac-san", defaults={"name": "Đặc sản"})
    return Product.objects.create(
        seller=seller,
        category=category,
        name=name,
        slug=f"{seller.slug}-demo"[:220],
        unit=unit,
        price=60000,
        stock=50,
        status="live",
        origin_commune=seller.commune,
    )


def _at(days_ago: int, hour: int = 7) -> dt.datetime:
    return (timezone.localtime() - dt.timedelta(days=days_ago)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def _diary(lot, actor, input_product, dose, phi_days):
    steps = [
        (EventKind.PLANTING, 150, {"notes": "Xuống giống, 200 gốc"}),
        (EventKind.INPUT, 40, {"input_product": input_product, "dose": dose, "phi_days": phi_days}),
        (EventKind.HARVEST, 6, {"quantity": lot.quantity}),
        (EventKind.PROCESSING, 5, {"notes": "Rửa sạch, phân loại"}),
        (EventKind.INSPECTION, 5, {"certificate_name": "VietGAP"}),
        (EventKind.PACKING, 4, {"quantity": lot.quantity}),
    ]
    for kind, days, fields in steps:
        event_record(lot=lot, actor=actor, kind=kind, occurred_at=_at(days), **fields)


def seed(context):
    officer = context.users["officer"]
    made = 0
    for key, (name, unit, input_product, dose, phi_days) in DEMO_CROPS.items():
        seller = context.sellers.get(key)
        if seller is None:
            continue
        lot_number = f"DEMO-{key.upper()}-1"
        if Lot.objects.filter(seller=seller, lot_number=lot_number).exists():
            continue
        product = _demo_product(seller, name, unit)
        if key == "coop":
            actor = context.users["coop_manager"]
        else:
            actor = getattr(seller.household, "user", None) or officer
        lot = lot_create(
            product=product,
            actor=actor,
            quantity=Decimal(200),
            unit=product.unit,
            lot_number=lot_number,
            gtin=EXAMPLE_GTIN if key == "tam" else "",
            best_before=timezone.localdate() + dt.timedelta(days=30),
        )
        _diary(lot, actor, input_product, dose, phi_days)
        if key == "coop":
            lot_split(lot=lot, actor=actor, parts=[Decimal(100), Decimal(100)], unit=lot.unit)
        if key == "ha":
            lot_recall(lot=lot, actor=officer, reason="Mẫu kiểm tra có độ ẩm cao, nguy cơ nấm mốc")
        made += 1
    context.extra["trace_lots"] = Lot.objects.count()
    context.log.append(f"traceability: {made} demo lots made")
