"""A farmer texts TC to the short code and the order SMS stop; the orders still show
under the bell on a 360 px phone, and a tap there brings the SMS back.

The suite plays eSMS: it calls the live server's webhook over HTTP with the signed GET
eSMS sends for an SMS to the short code, and reads the XML answer eSMS would text back."""

import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from marketplace.accounts.models import Role
from marketplace.notifications.models import ConsentChange, Message, Status
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import PHONE, login, screenshot
from tests.e2e.test_notifications_order import _checkout
from tests.notifications.fake_providers import esms_mo_query, short_code_on
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _short_code(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""
    short_code_on(settings)


def _text_short_code(live_server, *, sender: str, content: str, smsid: str) -> str:
    query = urllib.parse.urlencode(esms_mo_query(sender=sender, content=content, smsid=smsid))
    with urllib.request.urlopen(f"{live_server.url}/thong-bao/sms/esms/?{query}") as response:
        assert response.status == 200
        return ET.fromstring(response.read()).findtext("Message")


def _buyer_orders(browser, live_server, product, commune) -> None:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    _checkout(context.new_page(), product, commune)
    context.close()


def test_farmer_stops_order_sms_by_reply_and_brings_them_back_in_the_app(browser, live_server):
    farmer = UserFactory(phone="+84900000031", role=Role.HOUSEHOLD, email="")
    seller = make_household_seller(user=farmer, phone="+84900000031")
    product = make_product(seller=seller, name="Bưởi da xanh", price=60_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")

    reply = _text_short_code(live_server, sender="84900000031", content="tc", smsid="mo-1")
    assert reply == "Chợ Số: đã ngừng tin báo đơn, lời nhắc. Nhắn DK gửi 8079 để nhận lại."

    _buyer_orders(browser, live_server, product, commune)
    held = Message.objects.get(event="order_new")
    assert (held.status, held.last_error) == (Status.SUPPRESSED, "opted out")
    assert not held.attempts.exists()

    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    login(page, "0900 000 031")
    bell = page.locator("a.notify-link")
    assert bell.locator(".notify-count").inner_text().startswith("1")
    bell.click()
    page.wait_for_url("**/thong-bao/")
    assert "Đơn hàng mới" in page.locator("li.unread").inner_text()
    notice = page.get_by_text("Bạn đã ngừng nhận tin đơn hàng và lời nhắc qua SMS và Zalo từ")
    assert notice.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "sms-reply-stopped-360")

    page.get_by_role("link", name="Nhận lại qua SMS và Zalo").click()
    page.get_by_role("button", name="Nhận lại tin đơn hàng và lời nhắc").click()
    assert page.get_by_text("Xong: tin đơn hàng và lời nhắc sẽ lại được gửi.").is_visible()
    assert page.get_by_role("button", name="Ngừng nhận các tin này").is_visible()
    assert page.get_by_text("Bạn cũng có thể nhắn TC gửi 8079").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "sms-reply-resumed-360")
    context.close()

    changes = ConsentChange.objects.order_by("pk")
    assert [(c.action, c.source, c.by_id) for c in changes] == [
        ("stop", "reply", None),
        ("resume", "link", farmer.pk),
    ]
    _buyer_orders(browser, live_server, product, commune)
    sent = Message.objects.filter(event="order_new").latest("pk")
    assert (sent.status, sent.channel, sent.phone) == (Status.SENT, "console", "+84900000031")
