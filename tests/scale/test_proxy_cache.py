"""Public pages tell a proxy how long it may keep them, and a change purges them."""

import http.server
import threading

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.traceability.factories import days_ago, make_lot, make_product
from traceability.models import EventKind
from traceability.services import event_record, lot_recall, lot_split

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_trace_page_is_shared_for_five_minutes_with_a_grace_period(client):
    lot = make_lot()
    response = client.get(reverse("traceability:trace", args=[lot.code]))
    assert response.status_code == 200
    assert {"public", "max-age=300", "stale-while-revalidate=60"} <= cache_control(response)
    assert "Cookie" in response["Vary"]
    assert not response.cookies  # a cached page must not hand one visitor's cookie to all


def test_trace_page_is_private_for_a_logged_in_visitor(client):
    lot = make_lot()
    client.force_login(UserFactory())
    response = client.get(reverse("traceability:trace", args=[lot.code]))
    assert "public" not in cache_control(response)
    assert {"private", "max-age=0"} <= cache_control(response)


def test_catalog_is_shared_for_a_minute_but_not_once_the_visitor_has_a_cart(client):
    product = make_product(stock=5)
    url = reverse("catalog:product_list")
    anonymous = client.get(url)
    assert {"public", "max-age=60"} <= cache_control(anonymous)

    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    with_cart = client.get(url)
    assert "public" not in cache_control(with_cart)
    assert "private" in cache_control(with_cart)


def test_product_page_with_an_add_to_cart_form_is_shared_without_a_token(client):
    # The form carries no visitor's token: cart_add checks the Origin instead
    # (marketplace.core.csrf; tests/scale/test_visitor_cache.py tries a forged POST).
    product = make_product(stock=5)
    response = client.get(reverse("catalog:product_detail", args=[product.slug]))
    assert b'class="add-to-cart"' in response.content
    assert b"csrfmiddlewaretoken" not in response.content and not response.cookies
    assert {"public", "max-age=300"} <= cache_control(response)


def test_sold_out_product_page_without_a_form_is_shared(client):
    product = make_product(stock=0)
    response = client.get(reverse("catalog:product_detail", args=[product.slug]))
    assert b"csrfmiddlewaretoken" not in response.content
    assert {"public", "max-age=300"} <= cache_control(response)


def test_language_switch_is_a_plain_link_to_the_same_page(client):
    lot = make_lot()
    response = client.get(reverse("traceability:trace", args=[lot.code]))
    assert f'href="/en/t/{lot.code}/"'.encode() in response.content


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/san-pham/?category=tra&page=2", 'href="/en/san-pham/?category=tra&amp;page=2"'),
        ("/en/san-pham/?q=m%E1%BA%ADt", 'href="/san-pham/?q=m%E1%BA%ADt"'),
    ],
)
def test_language_switch_keeps_the_query(client, path, other):
    response = client.get(path)
    assert other.encode() in response.content


def test_language_switch_on_a_wagtail_page(client):
    from cms.services import site_root_ensure

    site_root_ensure()
    assert b'href="/en/"' in client.get("/").content


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A stand-in for nginx: records each PURGE it receives."""

    received: list[tuple[str, str]] = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    _Proxy.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy0": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield _Proxy.received
    server.shutdown()
    server.server_close()


def test_recall_purges_the_trace_pages_of_the_lot_and_its_product(
    proxy, django_capture_on_commit_callbacks
):
    lot = make_lot()
    with django_capture_on_commit_callbacks(execute=True):
        lot_recall(lot=lot, actor=lot.created_by, reason="Dư lượng thuốc vượt ngưỡng")
    paths = {path for _host, path in proxy}
    assert {f"/t/{lot.code}/", f"/en/t/{lot.code}/", f"/t/{lot.code}/epcis.json"} <= paths
    assert f"/san-pham/{lot.product.slug}/" in paths
    assert {host for host, _path in proxy} == {"cho-so.test"}  # the site's own address


def test_an_event_on_a_lot_purges_its_packed_lots_too(proxy, django_capture_on_commit_callbacks):
    lot = make_lot()
    with django_capture_on_commit_callbacks(execute=True):
        (child,) = lot_split(lot=lot, actor=lot.created_by, parts=[10], unit="kg")
    proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_record(
            lot=lot, actor=lot.created_by, kind=EventKind.PLANTING, occurred_at=days_ago(30)
        )
    assert f"/t/{child.code}/" in {path for _host, path in proxy}


def test_nothing_is_purged_before_the_change_is_committed(
    proxy, django_capture_on_commit_callbacks
):
    lot = make_lot()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lot_recall(lot=lot, actor=lot.created_by, reason="Nhãn sai")
    assert proxy == []
    assert callbacks  # the purge waits for the commit


def test_home_and_storefront_pages_are_shared_for_a_minute_with_anonymous_visitors(client):
    from wagtail.models import Page

    from cms.models import StorefrontPage
    from tests.sellers.factories import make_household_seller

    seller = make_household_seller(head_name="Nguyễn Văn Hùng")
    storefront = StorefrontPage.objects.get(seller=seller)
    storefront.get_latest_revision().publish()
    url = Page.objects.get(pk=storefront.pk).specific.url

    for path in ("/", url):
        assert {"public", "max-age=60"} <= cache_control(client.get(path)), path

    client.force_login(UserFactory())
    for path in ("/", url):
        assert "private" in cache_control(client.get(path)), path
