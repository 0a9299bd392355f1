"""A household reads its notifications on a 360 px phone with JavaScript off, marks
them read, and stops non-essential messages with the link."""

import pytest

from marketplace.accounts.models import Role
from marketplace.notifications.models import Message, OptOut
from marketplace.notifications.services import send
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import PHONE, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_household_reads_marks_read_and_stops_messages_without_javascript(browser, live_server):
    farmer = UserFactory(phone="+84900000015", role=Role.HOUSEHOLD)
    send(
        to_user=farmer,
        event="order_new",
        context={"number": "CS000123-1", "total": 1250000},
        idempotency_key="e2e:so:1:placed",
    )
    send(
        to_user=farmer,
        event="training_reminder",
        context={
            "course": "Bán hàng trên mạng",
            "date": "16/06",
            "time": "8:00",
            "place": "Nhà văn hóa thôn 3",
        },
        idempotency_key="e2e:session:1:reminder",
    )
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    login(page, "0900000015")
    page.goto("/thong-bao/")
    assert page.locator("li.unread").count() == 2
    assert page.get_by_text("Chợ Số: đơn mới CS000123-1, 1.250.000 ₫").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "notifications-list-360")
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    page.wait_for_url("**/thong-bao/")
    assert page.locator("li.unread").count() == 0
    assert not Message.objects.filter(recipient=farmer, read_at__isnull=True).exists()
    page.get_by_role("link", name="Ngừng nhận tin đơn hàng và lời nhắc qua SMS và Zalo").click()
    page.get_by_role("button", name="Ngừng nhận các tin này").click()
    assert page.get_by_text("sẽ không nhận tin đơn hàng").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert OptOut.objects.filter(address="+84900000015").exists()
    context.close()
