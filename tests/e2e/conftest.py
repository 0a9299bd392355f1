"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests
# make for their fixtures are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page the size of a cheap Android phone, pointed at the live server."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def login(page, phone: str) -> None:
    """Log in through the real form, as a person would."""
    from tests.accounts.factories import PASSWORD

    page.goto("/dang-nhap/")
    page.get_by_label("Số di động hoặc email").fill(phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(autouse=True)
def wagtail_tree(transactional_db):
    """Browser tests run in transactional mode, whose flush after each test also removes
    what migrations made: Wagtail's locale, root page, home page and root collection, and
    the category tree. Put them back, whatever order the tests run in."""
    import importlib

    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    from cms.services import site_root_ensure

    importlib.import_module("catalog.migrations.0003_category_tree").seed(apps, None)
    importlib.import_module("catalog.migrations.0008_category_name_en").name_in_english(apps, None)
    Locale.objects.get_or_create(language_code="vi")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return site_root_ensure()


@pytest.fixture
def fake_stripe(settings):
    """Stripe switched on, its API answered by the suite's own fake server."""
    from tests.payments.conftest import WEBHOOK_SECRET
    from tests.payments.fake_stripe import FakeStripe

    with FakeStripe() as fake:
        settings.STRIPE_SECRET_KEY = "sk_test_fake"
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        # The policy lets forms lead to checkout.stripe.com; here the fake stands in for it.
        directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
        directives["form-action"] = [*directives["form-action"], fake.url]
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
        yield fake
