"""The site's own cache serves visitors what a proxy would, and never a stale change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.catalog.factories import ProductFactory
from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind, Lot
from traceability.services import event_record

pytestmark = pytest.mark.django_db


def queries_of(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def test_a_product_page_is_rendered_once_then_follows_a_price_change(client):
    product = ProductFactory(name="Mật ong bạc hà", price=120000)
    url = product.get_absolute_url()
    first, _ = queries_of(client, url)
    again, count = queries_of(client, url)
    assert count == 0 and again.content == first.content
    product.price = 135000
    product.save()  # as catalog.services.product_update does
    changed, count = queries_of(client, url)
    assert count > 0 and "135.000" in changed.text


def test_a_trace_page_counts_every_scan_and_shows_a_new_event_at_once(client):
    lot = make_lot()
    url = reverse("traceability:trace", args=[lot.code])
    queries_of(client, url)
    _, count = queries_of(client, url)
    assert count == 1  # the scan, counted; the page from the cache
    assert Lot.objects.get(pk=lot.pk).scan_count == 2
    client.head(url)
    assert Lot.objects.get(pk=lot.pk).scan_count == 2  # link checkers are not scans
    event_record(
        lot=lot,
        actor=lot.product.seller.household.user,
        kind=EventKind.HARVEST,
        occurred_at=days_ago(0),
        notes="Thu hoạch đợt hai",
    )
    response, _ = queries_of(client, url)
    assert "Thu hoạch đợt hai" in response.text


def test_a_visitor_with_a_session_is_served_fresh(client):
    product = ProductFactory(stock=5)
    url = product.get_absolute_url()
    queries_of(client, url)
    session = client.session
    session["cart"] = {}
    session.save()
    client.cookies["sessionid"] = session.session_key
    _, count = queries_of(client, url)
    assert count > 0
    del client.cookies["sessionid"]
    client.cookies["messages"] = "a message waiting to be shown"
    _, count = queries_of(client, url)
    assert count > 0


def test_not_found_and_other_languages_are_kept_apart(client):
    product = ProductFactory(name="Gạo ST25")
    assert client.get("/san-pham/khong-co/").status_code == 404
    vi, _ = queries_of(client, product.get_absolute_url())
    en, _ = queries_of(client, "/en" + product.get_absolute_url())
    assert 'lang="vi"' in vi.text and 'lang="en"' in en.text


def test_adding_to_the_cart_needs_no_token_but_the_same_origin():
    from django.test import Client

    product = ProductFactory(stock=5)
    client = Client(enforce_csrf_checks=True)
    page = client.get(product.get_absolute_url())
    assert b"csrfmiddlewaretoken" not in page.content and not page.cookies
    url = reverse("orders:cart_add")
    forged = client.post(
        url, {"product": product.pk, "quantity": 1}, headers={"origin": "https://evil.example"}
    )
    assert forged.status_code == 403 and "sessionid" not in forged.cookies
    added = client.post(
        url, {"product": product.pk, "quantity": 2}, headers={"origin": "http://testserver"}
    )
    assert added.status_code == 302
    assert client.session.get("cart")


def test_a_storefront_is_kept_until_its_next_publication(client, commune):
    from cms.models import StorefrontPage
    from cms.services import site_root_ensure
    from tests.sellers.factories import make_household_seller

    site_root_ensure()
    seller = make_household_seller(commune=commune)
    page = StorefrontPage.objects.get(seller=seller)
    page.story = "Vườn bưởi ba đời."
    page.save_revision().publish()
    first, _ = queries_of(client, page.url)
    _, count = queries_of(client, page.url)
    assert count == 0 and "Vườn bưởi ba đời." in first.text
    page.story = "Vườn bưởi và mật ong."
    page.save_revision().publish()
    again, _ = queries_of(client, page.url)
    assert "Vườn bưởi và mật ong." in again.text
