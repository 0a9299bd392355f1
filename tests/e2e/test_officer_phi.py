"""An early harvest at 360 px: the officer finds it in their list and follows it to the
public trace page, where a buyer sees the same warning."""

import pytest

from tests.accounts.factories import OfficerFactory
from tests.e2e.conftest import login, screenshot
from tests.traceability.factories import days_ago, make_lot
from traceability.models import EventKind
from traceability.services import event_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_follows_an_early_harvest_to_its_trace_page(phone_page):
    lot = make_lot()
    for kind, when, fields in (
        (EventKind.INPUT, days_ago(5), {"input_product": "Regent 800WG", "phi_days": 7}),
        (EventKind.HARVEST, days_ago(1), {}),
    ):
        event_record(lot=lot, actor=lot.created_by, kind=kind, occurred_at=when, **fields)
    OfficerFactory(phone="+84900000002", communes=[lot.seller.commune])
    page = phone_page
    login(page, "0900 000 002")
    page.goto("/can-bo/")
    page.get_by_role("link", name="Thu hoạch sớm").click()
    flag = page.locator("#phi-flags li").first
    assert "Regent 800WG" in flag.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    flag.get_by_role("link", name=f"Trang truy xuất của lô {lot.code}").click()
    page.wait_for_url(f"**/t/{lot.code}/")
    warning = page.locator(".trace-phi")
    assert warning.is_visible()
    text = warning.inner_text()
    assert "Thu hoạch trong thời gian cách ly sau khi bón phân hoặc phun thuốc." in text
    assert "Regent 800WG" in text and "Cán bộ khuyến nông" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "officer-phi-trace-360")
