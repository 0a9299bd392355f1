"""Control characters (NUL and the other C0 controls, DEL) in a path, a query string or a
form: a 400 page from marketplace.core.middleware, on SQLite and on PostgreSQL, where a
NUL reaching a query was a 500 (PostgreSQL text cannot hold one)."""

import pytest
from django.db import DataError, connection, transaction
from django.urls import reverse

from catalog.models import Product
from marketplace.orders.models import Order

pytestmark = pytest.mark.django_db

CONTROLS = ["%00", "%01", "%08", "%09", "%0A", "%0D", "%1B", "%1F", "%7F"]


def bad_urls(world):
    shop = world.seller_a.slug
    return [
        "/don-hang/{c}/",
        "/don-hang/ab{c}cd/",
        f"/cua-hang-cua-toi/{shop}/don-hang/{{c}}/",
        f"/cua-hang-cua-toi/{shop}/don-hang/{world.seller_order_a.number}{{c}}/",
        "/san-pham/?q={c}",
        "/san-pham/?q=keo{c}dua&province=1",
        "/san-pham/?{c}=1",
        "/t/{c}/",
        f"/t/{world.lot_a.code}{{c}}/",
        "/en/t/{c}/",
    ]


def assert_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b'<body class="error-page bad-characters">' in response.content


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_in_paths_and_queries_are_400(client, world, control):
    client.force_login(world.farmer_a)
    for url in bad_urls(world):
        assert_refused(client.get(url.format(c=control)))


def test_the_same_urls_without_the_character_still_answer(client, world):
    client.force_login(world.farmer_a)
    shop = world.seller_a.slug
    for url in [
        f"/don-hang/{world.order_a.token}/",
        f"/cua-hang-cua-toi/{shop}/don-hang/{world.seller_order_a.number}/",
        "/san-pham/?q=keo+dua",
        f"/t/{world.lot_a.code}/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/don-hang/khong-co/").status_code == 404


def test_the_refusal_speaks_the_urls_language(client, world):
    vietnamese = client.get("/t/%00/")
    english = client.get("/en/t/%00/")
    assert b'<html lang="vi">' in vietnamese.content
    assert b'<html lang="en">' in english.content
    assert "Permissions-Policy" in english and "Content-Security-Policy" in english


@pytest.mark.parametrize("value", ["Kẹo\x00dừa", "Kẹo\x01dừa", "\x1b[31m", "a\x7fb", "a\x0bb"])
def test_a_form_value_with_a_control_character_is_400_and_saves_nothing(client, world, value):
    client.force_login(world.farmer_a)
    product = world.product_a
    url = reverse("portal:product_edit", args=[world.seller_a.slug, product.pk])
    data = {"name": value, "price": "1000", "unit": "kg", "stock": "3", "description": value}
    assert_refused(client.post(url, data))
    product.refresh_from_db()
    assert product.name == "Kẹo dừa Bến Tre"
    assert Product.objects.filter(seller=world.seller_a).count() == 1


def test_a_control_character_in_a_form_field_name_is_400(client, world):
    assert_refused(client.post(reverse("accounts:login"), {"user\x00name": "x", "password": "y"}))


def test_tabs_and_line_breaks_in_text_are_accepted(client, world):
    client.force_login(world.farmer_a)
    url = reverse("portal:storefront_edit", args=[world.seller_a.slug])
    response = client.post(url, {"story": "Dòng một\r\n\tDòng hai\n"})
    assert response.status_code < 400


def test_an_urlencoded_form_is_checked_too(client, world):
    """The test client posts multipart by default; browsers mostly send this."""
    client.force_login(world.officer_a)
    response = client.post(
        reverse("onboarding:household_add"),
        "head_name=B%C3%A0%00N%C4%83m&phone=0912345678",
        content_type="application/x-www-form-urlencoded",
    )
    assert_refused(response)


def test_json_bodies_are_left_to_their_endpoint(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    response = client.post(
        "/stripe/webhook/", data='{"id": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400 and b"bad-characters" not in response.content


def test_permissions_policy_on_every_response(client, world):
    for url in ["/", "/san-pham/", f"/t/{world.lot_a.code}/", "/khong-co/", "/healthz"]:
        assert client.get(url)["Permissions-Policy"] == (
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        ), url


@pytest.mark.postgres
def test_on_postgresql_a_nul_never_reaches_a_query(client, world):
    """Why the guard is before any view: PostgreSQL refuses a NUL in any text parameter."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own refusal")
    with pytest.raises(DataError, match="cannot contain NUL"), transaction.atomic():
        Order.objects.filter(token="\x00").exists()
    client.force_login(world.farmer_a)
    for url in bad_urls(world):
        assert_refused(client.get(url.format(c="%00")))
