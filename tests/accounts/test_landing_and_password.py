"""Where people land after logging in or taking over their account; the way back in
when the password is forgotten; password rules in Vietnamese."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.onboarding.services import takeover_code_issue
from tests.accounts.factories import PASSWORD, OfficerFactory, UserFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"


def _log_in(client, user, **extra):
    return client.post(LOGIN, {"username": user.phone, "password": PASSWORD, **extra})


def test_a_household_lands_on_its_shop_after_login(client):
    user = UserFactory(role=Role.HOUSEHOLD)
    make_household_seller(user=user)
    response = _log_in(client, user)
    assert response.url == reverse("portal:home")
    # The portal home takes a household with one shop straight to it.
    shop = client.get(response.url)
    assert shop.status_code == 302 and shop.url.startswith("/cua-hang-cua-toi/")


def test_a_cooperative_manager_lands_on_the_portal(client):
    response = _log_in(client, UserFactory(role=Role.COOP_MANAGER))
    assert response.url == "/cua-hang-cua-toi/"


def test_a_given_next_wins_over_the_shop(client):
    user = UserFactory(role=Role.HOUSEHOLD)
    response = _log_in(client, user, next="/don-hang/")
    assert response.url == "/don-hang/"


def test_a_buyer_goes_back_where_they_were(client):
    response = _log_in(client, UserFactory(), back="/san-pham/?q=keo+dua")
    assert response.url == "/san-pham/?q=keo+dua"
    client.logout()
    assert _log_in(client, UserFactory()).url == "/"


def test_back_and_next_pointing_elsewhere_are_ignored(client):
    response = _log_in(client, UserFactory(), back="https://evil.example/", next="//evil.example")
    assert response.url == "/"


def test_the_header_login_link_remembers_the_page(client):
    page = client.get("/san-pham/").content.decode()
    assert 'href="/dang-nhap/?back=/san-pham/"' in page


def test_login_page_links_to_forgotten_password_page_which_explains_the_code(client):
    login_page = client.get(LOGIN).content.decode()
    assert 'href="/quen-mat-khau/"' in login_page
    assert "Quên mật khẩu?" in login_page
    page = client.get("/quen-mat-khau/").content.decode()
    assert "cán bộ khuyến nông" in page and "hợp tác xã" in page
    assert 'href="/kich-hoat/"' in page


def test_a_household_resetting_its_password_lands_on_its_shop(client):
    user = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=user)
    officer = OfficerFactory(communes=[seller.commune])
    code = takeover_code_issue(actor=officer, household=seller.household)
    response = client.post(
        "/kich-hoat/", {"phone": user.phone_display, "code": code, "password": "dua-xiem-2026"}
    )
    assert response.url == "/cua-hang-cua-toi/"
    user.refresh_from_db()
    assert user.check_password("dua-xiem-2026")
    again = client.post(
        "/kich-hoat/", {"phone": user.phone_display, "code": code, "password": "lan-nua-2026"}
    )
    assert again.status_code in (200, 400)
    user.refresh_from_db()
    assert user.check_password("dua-xiem-2026")


def test_a_household_taking_over_follows_a_given_next(client):
    user = UserFactory(role=Role.HOUSEHOLD)
    seller = make_household_seller(user=user)
    code = takeover_code_issue(
        actor=OfficerFactory(communes=[seller.commune]), household=seller.household
    )
    response = client.post(
        "/kich-hoat/?next=/don-hang/",
        {"phone": user.phone_display, "code": code, "password": "dua-xiem-2026"},
    )
    assert response.url == "/don-hang/"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("a1b2", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ("12345678901", "Mật khẩu này hoàn toàn là số."),
        ("password", "Mật khẩu này quá phổ biến."),
        ("chị hoa!", "Mật khẩu quá giống với"),
    ],
)
def test_signup_explains_each_password_rule_in_vietnamese(client, password, message):
    response = client.post(
        "/dang-ky/", {"display_name": "Chị Hoa", "phone": "0912345670", "password": password}
    )
    errors = response.context["form"].errors["password"]
    assert any(e.startswith(message) for e in errors), errors
    assert not [e for e in errors if "password" in e.lower() or "This" in e]


def test_a_household_without_a_shop_yet_lands_on_a_page_that_says_so(client):
    response = _log_in(client, UserFactory(role=Role.HOUSEHOLD))
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Bạn chưa có cửa hàng" in page.content.decode()
