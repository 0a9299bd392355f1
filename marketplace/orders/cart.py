"""The buyer's cart: the account's lines in the database, a guest's in the session."""

from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Least

from catalog.models import Product, ProductStatus
from marketplace.accounts.models import User

from . import limits
from .errors import ProductRecalled, ProductSoldOut, ProductUnavailable
from .models import CartItem

SESSION_CART = "cart"


class CartAdded(NamedTuple):
    """What a cart write did to a line of `product`: its quantity now, and whether the
    stock or the seller's limit per order capped it."""

    product: Product
    in_cart: int
    capped: bool


def cart_add(*, request, product: Product, quantity: int = 1) -> CartAdded:
    """Add to the signed-in buyer's cart in the database, or to the session's.

    Only what can be bought goes in: a product off sale, on recall or sold out is
    refused; the line never holds more than the stock (nor MAX_QUANTITY), and the
    caller is told when it was capped so that the buyer is too.
    """
    if product.status != ProductStatus.LIVE:
        raise ProductUnavailable(product.name)
    if product.on_recall:
        raise ProductRecalled(product.name, in_cart=False)
    if product.stock <= 0:
        raise ProductSoldOut(product.name)
    limit = limits.cart_limit(product)
    quantity = max(1, int(quantity))
    if request.user.is_authenticated:
        with transaction.atomic():
            item = (
                CartItem.objects.select_for_update()
                .filter(user=request.user, product=product)
                .first()
            )
            before = item.quantity if item else 0
            wanted = before + quantity
            in_cart = min(wanted, limit)
            if item is None:
                CartItem.objects.create(user=request.user, product=product, quantity=in_cart)
            elif in_cart != before:
                item.quantity = in_cart
                item.save(update_fields=["quantity"])
        return CartAdded(product, in_cart, in_cart < wanted)
    cart = dict(request.session.get(SESSION_CART, {}))
    key = str(product.pk)
    wanted = cart.get(key, 0) + quantity
    cart[key] = min(wanted, limit)
    request.session[SESSION_CART] = cart
    return CartAdded(product, cart[key], cart[key] < wanted)


def cart_set(*, request, product_id: int, quantity: int) -> CartAdded | None:
    """Set a line's quantity, capped like `cart_add`'s; zero removes it. None if the cart
    has no such line (nothing is added)."""
    product = Product.objects.filter(pk=product_id).first()
    wanted = max(0, int(quantity))
    in_cart = min(wanted, limits.cart_limit(product)) if product else 0
    if request.user.is_authenticated:
        items = CartItem.objects.filter(user=request.user, product_id=product_id)
        found = items.update(quantity=in_cart) if in_cart else items.delete()[0]
    else:
        cart = dict(request.session.get(SESSION_CART, {}))
        found = str(product_id) in cart
        if in_cart and found:
            cart[str(product_id)] = in_cart
        else:
            cart.pop(str(product_id), None)
        request.session[SESSION_CART] = cart
    return CartAdded(product, in_cart, in_cart < wanted) if found else None


def cart_clear(*, request, product_ids) -> None:
    """Remove the lines that were just ordered; anything added meanwhile stays."""
    ids = {int(pk) for pk in product_ids}
    if request.user.is_authenticated:
        CartItem.objects.filter(user=request.user, product_id__in=ids).delete()
    cart = {k: v for k, v in request.session.get(SESSION_CART, {}).items() if int(k) not in ids}
    request.session[SESSION_CART] = cart


@transaction.atomic
def cart_merge(*, user: User, session) -> list[CartAdded]:
    """At login the anonymous cart joins the account's: quantities add up, capped like
    `cart_add`'s. Returns the lines that were capped.

    The sum is one UPDATE (`LEAST(quantity + n, cap)`) and a new line one INSERT under
    the (user, product) constraint, so two logins merging at once never exceed the cap."""
    cart = session.get(SESSION_CART) or {}
    products = Product.objects.filter(pk__in=[int(k) for k in cart], status=ProductStatus.LIVE)
    capped = []
    for product in products.order_by("pk"):
        quantity, cap = int(cart[str(product.pk)]), limits.cart_limit(product)
        mine = CartItem.objects.filter(user=user, product=product)
        before = mine.values_list("quantity", flat=True).first() or 0  # to tell, not to add
        if not mine.update(quantity=Least(F("quantity") + quantity, cap)):
            try:
                with transaction.atomic():
                    CartItem.objects.create(user=user, product=product, quantity=min(quantity, cap))
            except IntegrityError:  # another login of this account added it meanwhile
                mine.update(quantity=Least(F("quantity") + quantity, cap))
        if before + quantity > cap:
            capped.append(CartAdded(product, cap, True))
    session[SESSION_CART] = {}
    return capped
