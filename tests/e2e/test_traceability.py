import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import screenshot
from tests.sellers.factories import make_household_seller
from tests.traceability.factories import make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _local(days_ago):
    return (timezone.localtime() - dt.timedelta(days=days_ago)).strftime("%Y-%m-%dT07:00")


def _record(page, kind_label, when, fields=()):
    page.get_by_role("link", name=kind_label, exact=True).click()
    page.locator("#id_occurred_at").fill(when)
    for label, value in fields:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu.").is_visible()


def test_farmer_records_a_season_prints_labels_and_the_qr_opens_the_trace_page(phone_page):
    farmer = UserFactory(phone="+84900000004", display_name="Nguyễn Văn Hùng", role="household")
    seller = make_household_seller(user=farmer, head_name="Nguyễn Văn Hùng")
    make_product(seller=seller, name="Bưởi da xanh")
    page = phone_page
    page.goto("/dang-nhap/")
    page.get_by_label("Số di động hoặc email").fill("0900 000 004")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()

    # From the shop's page, as a farmer finds it; the lots live under the shop's path.
    page.goto("/cua-hang-cua-toi/")
    page.get_by_role("link", name="Lô hàng và tem QR").click()
    page.wait_for_url(f"**/cua-hang-cua-toi/{seller.slug}/lo-hang/")
    page.get_by_role("link", name="+ Lô hàng mới").click()
    page.get_by_label("Sản phẩm").select_option(label="Bưởi da xanh")
    page.get_by_label("Số lượng").fill("300")
    page.get_by_label("Số lô").fill("B-2026/1")
    screenshot(page, "trace-lot-form-360")
    page.get_by_role("button", name="Tạo lô hàng").click()
    assert page.get_by_text("Đã tạo lô hàng").is_visible()

    _record(page, "Gieo trồng", _local(120))
    _record(
        page,
        "Bón phân, phun thuốc",
        _local(30),
        [("Tên phân bón hoặc thuốc", "NPK 16-16-8"), ("Thời gian cách ly (ngày)", "7")],
    )
    _record(page, "Thu hoạch", _local(1), [("Số lượng", "280")])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "trace-lot-detail-360")

    page.get_by_role("link", name="In tem QR").click()
    labels = page.locator(".label")
    assert labels.count() == 24
    screenshot(page, "trace-labels-360")
    png = labels.first.locator("svg").screenshot(scale="device")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).resize((400, 400)))
    assert decoded, "the printed QR does not decode"
    url = decoded[0].text
    assert "/t/" in url

    page.goto(urlsplit(url).path)
    for text in (
        "Bưởi da xanh",
        "Gieo trồng",
        "Bón phân, phun thuốc",
        "NPK 16-16-8",
        "Thu hoạch",
        "B-2026/1",
    ):
        assert page.get_by_text(text).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("script").count() == 0
    screenshot(page, "trace-page-360")
