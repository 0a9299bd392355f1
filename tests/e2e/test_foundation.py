import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_farmer_logs_in_by_phone_on_a_360px_screen(phone_page):
    UserFactory(phone="+84900000004", display_name="Nguyễn Văn Hùng", role="household")
    page = phone_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Số di động hoặc email").fill("0900 000 004")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    assert page.get_by_text("Nguyễn Văn Hùng").is_visible()
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "home-360-logged-in")
