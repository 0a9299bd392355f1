"""A household that forgot its password asks for a code by SMS on a 360 px phone,
reads it from the console channel (the SMS it would get) and is logged in."""

import logging
import re

import pytest

from marketplace.accounts.models import Role
from marketplace.notifications.models import Message, Status
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import screenshot
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _console_channel(settings):
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""


def test_household_resets_its_password_with_a_code_by_sms(phone_page, caplog):
    farmer = UserFactory(phone="+84900000004", role=Role.HOUSEHOLD)
    seller = make_household_seller(user=farmer, head_name="Nguyễn Văn Hùng")
    page = phone_page
    caplog.set_level(logging.WARNING, logger="marketplace.notifications")

    page.goto("/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Số di động").fill("0900 000 004")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.wait_for_url("**/quen-mat-khau/nhap-ma/")
    assert page.get_by_text("Nếu số này có tài khoản, mã đã được gửi.").is_visible()
    screenshot(page, "accounts-password-reset-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The console channel printed the SMS the household would get; the log kept no code.
    sms = [r.getMessage() for r in caplog.records if "(otp)" in r.getMessage()]
    code = re.search(r"\b(\d{6})\b", sms[-1]).group(1)
    message = Message.objects.get(event="otp")
    assert message.status == Status.SENT and code not in message.text

    assert page.get_by_label("Số di động").input_value()  # remembered from the first page
    page.get_by_label("Mã nhận qua SMS").fill(code)
    page.get_by_label("Mật khẩu mới").fill("dua-xiem-2026")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    page.wait_for_url(f"**/cua-hang-cua-toi/{seller.slug}/")
    assert page.get_by_text("Đã đặt mật khẩu mới.").is_visible()
    farmer.refresh_from_db()
    assert farmer.check_password("dua-xiem-2026")
