"""In a real browser, the Content-Security-Policy blocks nothing the pages need.

Chromium reports each blocked script, style or image on the console; these pages
must produce no such report, on the public site (strict policy) and in Wagtail's
admin (its looser policy), and the labels sheet must still be laid out by its CSS.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import login
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_product
from traceability.models import EventKind
from traceability.services import event_record, lot_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_public_pages_and_the_farmer_pages_load_without_a_policy_violation(phone_page):
    farmer = UserFactory(phone="+84900000004", role="household")
    seller = make_household_seller(user=farmer)
    product = make_product(seller=seller, name="Bưởi da xanh")
    lot = lot_create(product=product, actor=farmer, quantity=Decimal("50"), unit="kg")
    event_record(
        lot=lot,
        actor=farmer,
        kind=EventKind.HARVEST,
        occurred_at=timezone.now() - dt.timedelta(days=1),
    )
    page = phone_page
    violations = _violations(page)
    for url in ["/", "/san-pham/", f"/san-pham/{product.slug}/", f"/t/{lot.code}/", "/gio-hang/"]:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    login(page, "0900 000 004")
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/lo-hang/{lot.pk}/tem/")
    # The sheet's layout comes from labels.css, no longer from an inline <style>.
    columns = page.locator(".sheet").evaluate("e => getComputedStyle(e).display")
    assert columns == "grid"
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/lo-hang/{lot.pk}/")
    assert violations == []


def test_wagtail_admin_works_under_its_own_policy(browser, live_server):
    from wagtail.models import Page

    UserFactory(phone="+84999999999", is_staff=True, is_superuser=True)
    home = Page.objects.filter(depth=2).first()
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    violations = _violations(page)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("0999999999")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("form#page-edit-form").is_visible()
    page.goto("/admin/images/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []
