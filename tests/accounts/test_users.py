import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.accounts.models import Role, User
from marketplace.accounts.selectors import communes_visible_to
from marketplace.accounts.services import user_create
from tests.accounts.factories import PASSWORD, OfficerFactory, UserFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def test_user_is_created_with_a_normalised_phone_and_no_email():
    user = user_create(phone="0912 345 678", display_name="Chị Hoa", password="x-long-secret")
    assert user.phone == "+84912345678"
    assert user.email is None
    assert user.role == Role.BUYER


def test_the_same_phone_cannot_register_twice_whatever_its_spelling():
    user_create(phone="0912345678", display_name="A", password="x-long-secret")
    with pytest.raises(ValidationError):
        user_create(phone="+84 912 345 678", display_name="B", password="x-long-secret")


def test_two_users_without_email_may_coexist_but_an_email_is_unique():
    user_create(phone="0912345678", display_name="A", password="p")
    user_create(phone="0912345679", display_name="B", password="p")
    user_create(phone="0912345670", display_name="C", password="p", email="c@example.vn")
    with pytest.raises(ValidationError):
        user_create(phone="0912345671", display_name="D", password="p", email="C@example.vn")


@pytest.mark.parametrize(
    "identifier", ["0912345678", "0912 345 678", "+84912345678", "hoa@example.vn", "HOA@example.vn"]
)
def test_login_by_phone_in_any_spelling_or_by_email(rf, identifier):
    user_create(phone="0912345678", display_name="Hoa", password=PASSWORD, email="hoa@example.vn")
    assert authenticate(rf.post("/"), username=identifier, password=PASSWORD) is not None


def test_wrong_password_or_unknown_phone_does_not_log_in(rf):
    user_create(phone="0912345678", display_name="Hoa", password=PASSWORD)
    assert authenticate(rf.post("/"), username="0912345678", password="wrong") is None
    assert authenticate(rf.post("/"), username="0987654321", password=PASSWORD) is None
    assert authenticate(rf.post("/"), username="not a phone", password=PASSWORD) is None


def test_login_page_logs_in_by_phone_and_explains_a_failure_in_vietnamese(client):
    UserFactory(phone="+84912345678")
    failed = client.post(reverse("accounts:login"), {"username": "0912345678", "password": "sai"})
    assert failed.status_code == 200
    assert "Sai số điện thoại" in failed.content.decode()
    ok = client.post(reverse("accounts:login"), {"username": "0912 345 678", "password": PASSWORD})
    assert ok.status_code == 302
    assert client.get("/").wsgi_request.user.phone == "+84912345678"


@pytest.mark.parametrize("identifier", ["+84 912 345 678", "nguyen.thi.hoa@htx-cholach.vn"])
def test_login_page_accepts_a_long_phone_spelling_or_an_email(client, identifier):
    user_create(
        phone="0912345678",
        display_name="Hoa",
        password=PASSWORD,
        email="nguyen.thi.hoa@htx-cholach.vn",
    )
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'maxlength="12"' not in page  # the browser would cut the address short
    ok = client.post(reverse("accounts:login"), {"username": identifier, "password": PASSWORD})
    assert ok.status_code == 302


def test_signup_creates_a_buyer_and_refuses_a_taken_phone(client):
    form = {
        "display_name": "Anh Tú",
        "phone": "0987 654 321",
        "email": "",
        "password": "rau-sach-2025",
    }
    assert client.post(reverse("accounts:signup"), form).status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert user.role == Role.BUYER
    client.logout()
    again = client.post(reverse("accounts:signup"), form)
    assert again.status_code == 200
    assert "đã có tài khoản" in again.content.decode()
    assert User.objects.count() == 1


def test_signup_with_a_bad_phone_shows_a_message_and_creates_nothing(client):
    response = client.post(
        reverse("accounts:signup"),
        {"display_name": "X", "phone": "12345", "password": "rau-sach-2025"},
    )
    assert response.status_code == 200
    assert "số di động" in response.content.decode()
    assert not User.objects.exists()


def test_an_officer_sees_only_the_communes_of_their_area():
    mine, other = CommuneFactory(), CommuneFactory()
    officer = OfficerFactory(communes=[mine])
    assert list(communes_visible_to(user=officer)) == [mine]
    assert other not in communes_visible_to(user=officer)


def test_a_provincial_administrator_sees_every_commune_of_the_province():
    vinh_long = ProvinceFactory(code="86", name="Tỉnh Vĩnh Long")
    cao_bang = ProvinceFactory(code="04", name="Tỉnh Cao Bằng")
    a, b = CommuneFactory(province=vinh_long), CommuneFactory(province=vinh_long)
    far = CommuneFactory(province=cao_bang)
    admin = OfficerFactory(role=Role.ADMIN, provinces=[vinh_long])
    assert set(communes_visible_to(user=admin)) == {a, b}
    assert far not in communes_visible_to(user=admin)


def test_buyers_and_household_members_see_no_area():
    CommuneFactory()
    assert not communes_visible_to(user=UserFactory(role=Role.BUYER)).exists()
    assert not communes_visible_to(user=UserFactory(role=Role.HOUSEHOLD)).exists()
