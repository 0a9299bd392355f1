"""Demo orders in every state, placed and moved through the real services."""

from catalog.models import Category, Product, ProductStatus
from marketplace.payments.models import Method
from marketplace.payments.services import payment_confirm_received, payment_refund
from marketplace.sellers.models import Seller

from .models import Order, OrderStatus
from .services import order_place, seller_order_transition

S = OrderStatus
# Used only when the catalog made no product for these sellers.
FALLBACK_PRODUCTS = {
    "hung": ("Kẹo dừa sầu riêng Mỏ Cày", "demo-keo-dua-sau-rieng", 45_000, "box"),
    "coop": ("Bưởi da xanh Chợ Lách", "demo-buoi-da-xanh", 60_000, "kg"),
}
# note tag -> (seller keys, payment method, steps after placing)
DEMO_ORDERS = {
    "pending": (("hung", "coop"), Method.VIETQR, []),
    "confirmed": (("coop",), Method.COD, [S.CONFIRMED]),
    "shipped": (("hung",), Method.COD, [S.CONFIRMED, S.SHIPPED]),
    "delivered": (("coop",), Method.COD, [S.CONFIRMED, S.SHIPPED, S.DELIVERED, "cash"]),
    "cancelled": (("hung",), Method.COD, [S.CANCELLED]),
    "refunded": (("hung",), Method.VIETQR, ["cash", S.CONFIRMED, "refund"]),
}


def _product_for(context, key: str) -> Product:
    seller = context.sellers[key]
    product = (
        Product.objects.filter(seller=seller, status=ProductStatus.LIVE).order_by("pk").first()
    )
    if product is None:
        name, slug, price, unit = FALLBACK_PRODUCTS[key]
        category, _ = Category.objects.get_or_create(
            slug="dac-san-demo", defaults={"name": "Đặc sản"}
        )
        product, _ = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "seller": seller,
                "category": category,
                "name": name,
                "price": price,
                "unit": unit,
                "stock": 200,
                "status": ProductStatus.LIVE,
                "origin_commune": seller.commune,
            },
        )
    if product.stock < 20:
        Product.objects.filter(pk=product.pk).update(stock=100)
    return product


def _ensure_bank_account(seller: Seller, bank_bin: str, account: str) -> None:
    """VietQR needs the seller's account; demo sellers get one if they have none."""
    if not seller.bank_bin:
        Seller.objects.filter(pk=seller.pk).update(
            bank_bin=bank_bin, bank_account_number=account, bank_account_name=seller.name.upper()
        )
        seller.refresh_from_db()


def seed(context):
    _ensure_bank_account(context.sellers["hung"], "970436", "0071000123456")
    _ensure_bank_account(context.sellers["coop"], "970405", "7300205123456")
    buyer = context.users["buyer"]
    actors = {"hung": context.users["household"], "coop": context.users["coop_manager"]}
    made = 0
    for tag, (seller_keys, method, steps) in DEMO_ORDERS.items():
        note = f"[demo] {tag}"
        if Order.objects.filter(note=note).exists():
            continue
        order = order_place(
            buyer=buyer,
            items={_product_for(context, key).pk: 2 for key in seller_keys},
            name=buyer.display_name,
            phone=buyer.phone,
            email="",
            address="45 đường 30/4, khóm 2",
            commune=context.communes["mo_cay"],
            note=note,
            payment_method=method,
        )
        for seller_order in order.seller_orders.all():
            actor = actors["coop" if seller_order.seller == context.sellers["coop"] else "hung"]
            for step in steps:
                seller_order.refresh_from_db()
                if step == "cash":
                    payment_confirm_received(payment=seller_order.payment, actor=actor)
                elif step == "refund":
                    payment_refund(payment=seller_order.payment, actor=actor)
                else:
                    seller_order_transition(seller_order=seller_order, to_status=step, actor=actor)
        made += 1
    context.log.append(f"orders: {made} demo orders")
