import re

import pytest
from django.urls import reverse

from catalog.models import Product
from marketplace.orders.models import CartItem, Order, OrderStatus
from marketplace.payments.models import PaymentStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.orders.factories import make_product, place
from tests.payments.test_vietqr import decode, rasterize
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def add(client, product, quantity=1):
    return client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": quantity})


def seen_states(client, where=None) -> dict:
    """The cart and the delivery offer as the checkout page showed them (for the
    commune `where`, as after "Show delivery fees"); the form sends both back."""
    query = {"commune": where.pk} if where is not None else {}
    page = client.get(reverse("orders:checkout"), query).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("cart_state", "delivery_state")
    }


def seen_state(client, where=None) -> str:
    return seen_states(client, where)["cart_state"]


def checkout_data(where, client=None, **extra):
    return {
        **(seen_states(client, where) if client else {}),
        "name": "Lê Thị Mai",
        "phone": "0987 654 321",
        "email": "",
        "address": "5 ấp Tân Thành",
        "province": where.province_id,
        "commune": where.pk,
        "note": "Giao buổi sáng",
        "payment_method": "cod",
        **extra,
    }


def test_anonymous_cart_across_two_sellers_then_checkout(client):
    p1, p2 = make_product(price=40_000), make_product(price=60_000)
    add(client, p1, 2)
    add(client, p2)
    page = client.get(reverse("orders:cart")).content.decode()
    assert p1.seller.name in page and p2.seller.name in page
    assert "140.000 ₫" in page
    commune = CommuneFactory()
    response = client.post(reverse("orders:checkout"), checkout_data(commune, client))
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:order_detail", args=[order.token])
    assert order.seller_orders.count() == 2
    assert order.phone == "+84987654321"
    assert client.session["cart"] == {}
    page = client.get(response["Location"]).content.decode()
    assert page.count("Chờ xác nhận") >= 2
    assert order.token in client.get(reverse("orders:my_orders")).content.decode()


def test_province_first_then_commune_without_javascript(client):
    product = make_product()
    add(client, product)
    commune = CommuneFactory()
    other = CommuneFactory(province__code="04", province__name="Tỉnh Cao Bằng")
    page = client.post(
        reverse("orders:checkout"),
        {"name": "Mai", "province": commune.province_id, "pick_province": "1"},
    ).content.decode()
    assert commune.name in page and other.name not in page
    assert 'value="Mai"' in page
    assert 'role="alert"' not in page
    assert not Order.objects.exists()


def test_commune_outside_province_refused(client):
    add(client, make_product())
    commune = CommuneFactory()
    other = CommuneFactory(province__code="04", province__name="Tỉnh Cao Bằng")
    response = client.post(
        reverse("orders:checkout"), checkout_data(commune, client, commune=other.pk)
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_bad_phone_is_a_message_not_a_500(client):
    add(client, make_product())
    response = client.post(
        reverse("orders:checkout"), checkout_data(CommuneFactory(), client, phone="12345")
    )
    assert response.status_code == 200
    assert "0912 345 678" in response.content.decode()
    assert not Order.objects.exists()


def test_stock_sold_meanwhile_refuses_the_order_and_keeps_every_field(client):
    ok, gone = make_product(stock=5), make_product(stock=3, name="Mứt dừa")
    add(client, ok)
    add(client, gone, 3)
    commune = CommuneFactory()
    data = checkout_data(commune, client)
    Product.objects.filter(pk=gone.pk).update(stock=1)  # another buyer was quicker
    response = client.post(reverse("orders:checkout"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and "Giỏ hàng của bạn đã thay đổi" in page
    assert "Chỉ còn 1" in page and "1 × Mứt dừa" in page
    for value in ("Lê Thị Mai", "0987 654 321", "5 ấp Tân Thành", "Giao buổi sáng"):
        assert value in page
    assert client.session["cart"] == {str(ok.pk): 1, str(gone.pk): 3}
    assert not Order.objects.exists()
    # Seen the new quantities, the buyer places the order again: 1 Mứt dừa.
    data.update(seen_states(client, commune))
    client.post(reverse("orders:checkout"), data)
    assert Order.objects.get().seller_orders.get(seller=gone.seller).lines.get().quantity == 1


def test_cart_merges_into_account_at_login(client):
    user = UserFactory()
    product, both = make_product(), make_product()
    CartItem.objects.create(user=user, product=both, quantity=2)
    add(client, product, 3)
    add(client, both, 1)
    client.post(reverse("accounts:login"), {"username": user.phone, "password": PASSWORD})
    items = dict(CartItem.objects.filter(user=user).values_list("product_id", "quantity"))
    assert items == {product.pk: 3, both.pk: 3}


def test_order_page_shows_vietqr_that_decodes_to_the_payload(client):
    seller = make_household_seller()
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.save()
    order = place({make_product(seller=seller, price=85_000): 2}, method="vietqr")
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    payload = re.search(r'<textarea[^>]*class="payload"[^>]*>([^<]+)</textarea>', page).group(1)
    number = order.seller_orders.get().number
    note = f"TT {number}"
    assert "5406170000" in payload and f"08{len(note):02d}{note}" in payload
    # The note the page shows (and copies) is the one the QR holds, not a cut of it.
    assert f'data-copy="{note}"' in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert decode(rasterize(svg)) == payload
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script (CSP)


def test_unknown_token_is_404(client):
    assert client.get(reverse("orders:order_detail", args=["nope"])).status_code == 404


def test_seller_confirms_ships_and_records_cash(client):
    owner = UserFactory()
    seller = make_household_seller(user=owner)
    so = place({make_product(seller=seller): 1}).seller_orders.get()
    client.force_login(owner)
    assert (
        so.number in client.get(reverse("portal:order_list", args=[seller.slug])).content.decode()
    )
    url = reverse("portal:order_detail", args=[so.seller.slug, so.number])
    for action, status in [("confirm", "pending"), ("ship", "confirmed")]:
        client.post(url, {"action": action, "expected_status": status})
    client.post(url, {"action": "received"})
    so.refresh_from_db()
    so.payment.refresh_from_db()
    assert so.status == OrderStatus.SHIPPED
    assert so.payment.status == PaymentStatus.PAID


def test_stale_button_shows_message(client):
    owner = UserFactory()
    so = place({make_product(seller=make_household_seller(user=owner)): 1}).seller_orders.get()
    client.force_login(owner)
    url = reverse("portal:order_detail", args=[so.seller.slug, so.number])
    client.post(url, {"action": "confirm", "expected_status": "pending"})
    page = client.post(
        url, {"action": "cancel", "expected_status": "pending", "reason": "Hết hàng"}, follow=True
    )
    assert "vừa thay đổi" in page.content.decode()
    so.refresh_from_db()
    assert so.status == OrderStatus.CONFIRMED


def test_other_people_cannot_see_or_act_on_a_sellers_order(client):
    so = place({make_product(): 1}).seller_orders.get()
    url = reverse("portal:order_detail", args=[so.seller.slug, so.number])
    assert client.get(url).status_code == 302  # to login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel"}).status_code == 404
    assert client.get(reverse("portal:order_list", args=[so.seller.slug])).status_code == 404
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING


def test_officer_of_the_area_may_act(client, officer, commune):
    seller = make_household_seller(commune=commune)
    so = place({make_product(seller=seller): 1}).seller_orders.get()
    client.force_login(officer)
    assert (
        so.number in client.get(reverse("portal:order_list", args=[seller.slug])).content.decode()
    )
    client.post(
        reverse("portal:order_detail", args=[so.seller.slug, so.number]),
        {"action": "confirm", "expected_status": "pending"},
    )
    so.refresh_from_db()
    assert so.status == OrderStatus.CONFIRMED


def test_seller_list_query_count_is_fixed(client, django_assert_max_num_queries):
    owner = UserFactory()
    seller = make_household_seller(user=owner)
    for _ in range(5):
        place({make_product(seller=seller): 1, make_product(seller=seller): 2})
    client.force_login(owner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal:order_list", args=[seller.slug]))
    assert page.content.decode().count("order-link") == 5


def test_admin_pages_are_read_only(admin_client):
    so = place({make_product(): 1}).seller_orders.get()
    assert admin_client.get(f"/django-admin/orders/sellerorder/{so.pk}/change/").status_code == 200
    assert admin_client.get("/django-admin/payments/payment/").status_code == 200
    delete = f"/django-admin/payments/payment/{so.payment.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_add_to_cart_snippet_posts_to_the_cart(rf, client):
    from django.template.loader import render_to_string

    product = make_product()
    request = rf.get("/san-pham/buoi/")
    html = render_to_string("orders/add_to_cart_form.html", {"product": product}, request)
    assert f'action="{reverse("orders:cart_add")}"' in html
    assert 'value="/san-pham/buoi/"' in html
    response = client.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": 2, "next": "/san-pham/buoi/"},
    )
    assert response["Location"] == "/san-pham/buoi/"
    assert client.session["cart"] == {str(product.pk): 2}


def test_add_to_cart_refuses_bad_input_without_500(client):
    product = make_product(status="draft")
    assert client.post(reverse("orders:cart_add"), {"product": "x"}).status_code == 302
    assert client.post(reverse("orders:cart_add"), {"product": 999999}).status_code == 404
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    assert client.session.get("cart", {}) == {}


def test_order_page_query_count_does_not_grow_with_sellers(client, django_assert_max_num_queries):
    small = place({make_product(): 1})
    big = place({make_product(): 1 for _ in range(4)})
    for order in (small, big):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("orders:order_detail", args=[order.token])).status_code == 200
