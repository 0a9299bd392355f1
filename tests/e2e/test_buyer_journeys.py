"""The three buyer journeys, in both languages, as a buyer on a phone takes them: search
from the home page without diacritics, open the product, add it, go through the cart to
checkout, pay by cash on delivery, VietQR or card, and read the order page."""

import pytest

from marketplace.orders.models import Order
from marketplace.payments.models import PaymentStatus
from tests.e2e.conftest import screenshot
from tests.orders.factories import make_product
from tests.payments.conftest import session_for, signed_event
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORDS = {
    "vi": {
        "prefix": "",
        "add": "Thêm vào giỏ",
        "checkout": "Tiến hành đặt hàng",
        "place": "Đặt hàng",
        "pending": "Chờ xác nhận",
        "cod": "Tiền mặt khi nhận hàng",
        "bank": "Vietcombank",
        "pay": "Thanh toán 120.000 ₫ bằng thẻ",
        "paid": "Đã thanh toán",
        "total": "120.000 ₫",
    },
    "en": {
        "prefix": "/en",
        "add": "Add to cart",
        "checkout": "Go to checkout",
        "place": "Place order",
        "pending": "Pending",
        "cod": "Cash on delivery",
        "bank": "Vietcombank",
        "pay": "Pay ₫120,000 by card",
        "paid": "Paid",
        "total": "₫120,000",
    },
}


@pytest.fixture
def pomelo():
    seller = make_household_seller(head_name="Trần Thị Tâm")
    seller.bank_bin, seller.bank_account_number = "970436", "0071000123456"
    seller.bank_account_name = "TRAN THI TAM"
    seller.save()
    return make_product(seller=seller, name="Bưởi da xanh", price=60_000, stock=20)


def buy(page, words, method):
    """From the home page to the order page, by the links and buttons a buyer uses."""
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page.goto(f"{words['prefix']}/")
    search = page.locator("#home-q")
    search.fill("buoi da xanh")
    search.press("Enter")
    page.get_by_role("link", name="Bưởi da xanh").first.click()
    page.get_by_label("Số lượng").or_(page.get_by_label("Quantity")).fill("2")
    page.get_by_role("button", name=words["add"]).click()
    page.locator(".cart-link").click()
    assert page.get_by_text(words["total"]).first.is_visible()
    page.get_by_role("link", name=words["checkout"]).click()
    page.locator("input[name=name]").fill("Lê Thị Mai")
    page.locator("input[name=phone]").fill("0987 654 321")
    page.locator("input[name=address]").fill("5 ấp Tân Thành")
    page.locator("select[name=province]").select_option(str(commune.province_id))
    page.locator(f"select[name=commune] option[value='{commune.pk}']").wait_for(state="attached")
    page.locator("select[name=commune]").select_option(str(commune.pk))
    page.locator(f"input[name=payment_method][value={method}]").check()
    page.get_by_role("button", name=words["place"], exact=True).click()
    page.wait_for_url("**/don-hang/*/")
    assert page.locator(".order-card .status").inner_text() == words["pending"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    return Order.objects.get()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_buy_and_pay_cash_on_delivery(phone_page, pomelo, language):
    words = WORDS[language]
    order = buy(phone_page, words, "cod")
    card = phone_page.locator(".order-card")
    assert card.get_by_text(words["cod"]).is_visible()
    assert card.get_by_text(words["total"]).first.is_visible()
    assert order.seller_orders.get().payment.method == "cod"
    screenshot(phone_page, f"journey-cod-{language}-360")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_buy_and_pay_by_vietqr(phone_page, pomelo, language):
    words = WORDS[language]
    order = buy(phone_page, words, "vietqr")
    transfer = phone_page.locator(".vietqr")
    assert transfer.get_by_text(words["bank"]).first.is_visible()
    assert transfer.get_by_text("0071000123456").first.is_visible()
    assert transfer.get_by_text(order.seller_orders.get().number).first.is_visible()
    assert phone_page.locator(".vietqr .qr svg").is_visible()
    screenshot(phone_page, f"journey-vietqr-{language}-360")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_buy_and_pay_by_card(phone_page, pomelo, fake_stripe, language):
    words = WORDS[language]
    page = phone_page
    order = buy(page, words, "stripe")
    order_url = page.url
    page.get_by_role("button", name=words["pay"]).click()
    page.wait_for_url(f"{fake_stripe.url}/pay/*")
    page.get_by_role("link", name="Pay").click()
    page.wait_for_url("**/don-hang/*/?paid=1")
    payment = order.seller_orders.get().payment
    payload, header = signed_event(
        event_id=f"evt_journey_{language}",
        type="checkout.session.completed",
        session=session_for([payment]),
    )
    response = page.request.post(
        "/stripe/webhook/",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert response.ok
    page.goto(order_url)
    assert page.locator(f".pay-{PaymentStatus.PAID}").inner_text() == words["paid"]
    screenshot(page, f"journey-card-{language}-360")
