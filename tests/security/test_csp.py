"""Every page of the site sends a strict Content-Security-Policy and holds no inline code.

The policy forbids inline script and inline style, so a page that had some would
break in the browser: the HTML is parsed here to find any before a browser does.
"""

from html.parser import HTMLParser

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

pytestmark = pytest.mark.django_db


# A <script> of another type is a data block (JSON-LD for search engines): browsers
# never run it, so no policy blocks it (HTML, "prepare the script element").
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict policy would block: inline scripts, handlers, styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        runs = (attributes.get("type") or "").strip().lower() in SCRIPT_TYPES
        if tag == "script" and not attributes.get("src") and runs:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["form-action"][0] == "'self'"
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script><style>p{}</style>'
        '<a href="javascript:go()" onclick="go()">x</a><p style="color:red">y</p>'
        '<script type="application/ld+json">{}</script><script type="module">go()</script>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style> element",
        "<a href=javascript:…>",
        "<a onclick=…>",
        "<p style=…>",
        "<script> without src",
    ]


def public_pages(world, client) -> dict[str, str]:
    client.post(reverse("orders:cart_add"), {"product": world.product_a.pk, "quantity": 1})
    return {
        "home": "/",
        "home (English)": "/en/",
        "catalog": reverse("catalog:product_list") + "?q=keo+dua&stars=4",
        "product": reverse("catalog:product_detail", args=[world.product_a.slug]),
        "storefront": world.storefront_a.url,
        "trace page": reverse("traceability:trace", args=[world.lot_a.code]),
        "cart": reverse("orders:cart"),
        "checkout": reverse("orders:checkout"),
        "order (guest link)": reverse("orders:order_detail", args=[world.order_a.token]),
        "login": reverse("accounts:login"),
        "signup": reverse("accounts:signup"),
        "takeover": reverse("onboarding:takeover"),
        "not found": "/khong-co-trang-nay/",
    }


def test_public_pages_send_the_strict_policy_and_hold_no_inline_code(client, world):
    for name, url in public_pages(world, client).items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert_strict(response)
        assert inline_code(response.content.decode()) == [], name


def test_pages_behind_the_login_hold_no_inline_code_either(client, world):
    client.force_login(world.farmer_a)
    seller, product, lot = world.seller_a, world.product_a, world.lot_a
    urls = [
        reverse("portal:shop", args=[seller.slug]),
        reverse("portal:product_edit", args=[seller.slug, product.pk]),
        reverse("portal:storefront_edit", args=[seller.slug]),
        reverse("portal:lot_detail", args=[seller.slug, lot.pk]),
        reverse("portal:labels", args=[seller.slug, lot.pk]),
        reverse("portal:order_detail", args=[seller.slug, world.seller_order_a.number]),
    ]
    client.force_login(world.officer_a)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert inline_code(response.content.decode()) == [], url
    response = client.get(reverse("dashboard:dashboard"))
    assert_strict(response)
    assert inline_code(response.content.decode()) == []


def test_the_server_error_page_holds_no_inline_code():
    from django.template.loader import render_to_string

    assert inline_code(render_to_string("500.html")) == []


def test_card_payment_may_post_on_to_stripe_checkout(client, world):
    policy = directives(client.get("/"))
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"]


def test_admin_gets_a_looser_policy_that_still_forbids_plugins_and_other_hosts(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's own templates carry inline scripts and styles; its preview is a frame.
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def test_photos_on_another_host_are_allowed_when_media_is_served_from_there(
    client, world, settings
):
    settings.MEDIA_URL = "https://anh.cho-so.vn/media/"
    policy = directives(client.get("/"))
    assert policy["img-src"] == ["'self'", "data:", "https://anh.cho-so.vn"]


class BucketStorage(FileSystemStorage):
    """Stands for object storage: files are served from the bucket's own host."""

    def url(self, name):
        return f"https://cho-so-media.s3.example.com/media/{name}"


def test_photos_in_object_storage_are_allowed_from_the_bucket(client, world, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.security.test_csp.BucketStorage"},
    }
    policy = directives(client.get("/"))
    assert policy["img-src"] == ["'self'", "data:", "https://cho-so-media.s3.example.com"]
