"""A stranger's sign-up proves its mobile number with a code by SMS before ordering cash on
delivery; logins made by officers, administrators, the demo or before this change count
as verified."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from marketplace.accounts.models import Role, User
from marketplace.accounts.services import user_create
from marketplace.notifications.models import Message
from marketplace.onboarding.models import PasswordResetCode, PhoneCheckCode
from marketplace.onboarding.password_reset import password_reset_request
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("console_sms")]

CHECK = "/xac-minh-so-dien-thoai/"


def _sign_up(client, phone="0987 654 321", ip="10.0.0.1", next_url="/thanh-toan/"):
    return client.post(
        f"{reverse('accounts:signup')}?next={next_url}",
        {"display_name": "Anh Tú", "phone": phone, "email": "", "password": "rau-sach-2025"},
        REMOTE_ADDR=ip,
    )


def test_signup_texts_a_code_and_asks_for_it_before_anything_else(
    client, sent_codes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == f"{CHECK}?next=%2Fthanh-toan%2F"
    user = User.objects.get(phone="+84987654321")
    assert not user.phone_verified
    message = Message.objects.get()
    assert (message.event, message.phone, message.is_essential) == ("phone_check", user.phone, True)
    [code] = sent_codes
    assert code not in message.text  # delivered, then blanked out of the log
    page = client.get(response["Location"]).content.decode()
    assert "0987 654 321" in page and "Mã nhận qua SMS" in page


def test_the_right_code_verifies_the_number_and_goes_on(client, sent_codes):
    _sign_up(client)
    response = client.post(CHECK, {"code": sent_codes[-1], "next": "/thanh-toan/"}, follow=True)
    assert response.redirect_chain[0][0] == "/thanh-toan/"
    assert "Đã xác minh số điện thoại" in response.content.decode()
    user = User.objects.get(phone="+84987654321")
    assert user.phone_verified_at is not None
    assert PhoneCheckCode.objects.get().used_at is not None
    # Verified, the page sends the buyer straight on.
    assert client.get(CHECK)["Location"] == "/"


def test_a_wrong_code_is_refused_and_five_kill_the_code(client, sent_codes):
    _sign_up(client)
    for _ in range(5):
        wrong = client.post(CHECK, {"code": "000000" if sent_codes[-1] != "000000" else "111111"})
        assert wrong.status_code == 400
        assert "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert client.post(CHECK, {"code": sent_codes[-1]}).status_code == 400
    assert not User.objects.get(phone="+84987654321").phone_verified


def test_a_code_lives_ten_minutes(client, sent_codes, clock):
    _sign_up(client)
    clock.shift(dt.timedelta(minutes=11))
    assert client.post(CHECK, {"code": sent_codes[-1]}).status_code == 400
    assert not User.objects.get(phone="+84987654321").phone_verified


def test_a_new_code_replaces_the_old_and_sends_are_limited(client, sent_codes):
    _sign_up(client)
    page = client.post(CHECK, {"resend": "1", "next": "/"}, REMOTE_ADDR="10.0.0.1", follow=True)
    assert "Đã gửi mã mới tới 0987 654 321" in page.content.decode()
    assert len(sent_codes) == 2
    assert PhoneCheckCode.objects.filter(used_at__isnull=True).count() == 1  # the old one died
    # Three codes a number an hour, as for password resets (counted apart from them).
    client.post(CHECK, {"resend": "1"}, REMOTE_ADDR="10.0.0.1")
    refused = client.post(CHECK, {"resend": "1"}, REMOTE_ADDR="10.0.0.1", follow=True)
    assert "Bạn đã xin quá nhiều mã" in refused.content.decode()
    assert len(sent_codes) == 3
    latest = sent_codes[-1]
    # A password reset asked meanwhile neither counts nor cancels the check's code.
    password_reset_request(phone="0987654321", ip="10.0.0.1")
    assert PasswordResetCode.objects.count() == 1
    assert client.post(CHECK, {"code": latest}).status_code == 302


def test_the_check_page_needs_a_login(client):
    assert client.get(CHECK)["Location"].startswith(reverse("accounts:login"))


def test_logins_made_by_officers_the_demo_or_a_command_count_as_verified():
    assert user_create(phone="0912000010", display_name="Hùng", role=Role.HOUSEHOLD).phone_verified
    assert User.objects.create_superuser("0912000011", "x", display_name="Mai").phone_verified
    stranger = user_create(phone="0912000012", display_name="Tú", phone_verified=False)
    assert not stranger.phone_verified


def test_an_administrator_adding_a_login_vouches_for_its_number(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "phone": "0912 000 013",
            "display_name": "Chị Lan",
            "role": Role.BUYER,
            "password1": "rau-sach-2025-x",
            "password2": "rau-sach-2025-x",
            "areas-TOTAL_FORMS": "0",
            "areas-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(phone="+84912000013").phone_verified


def test_logins_from_before_the_check_are_marked_verified_by_the_migration():
    old = UserFactory(phone_verified_at=None)
    migration = "marketplace.accounts.migrations.0002_user_phone_verified_at"
    importlib.import_module(migration).existing_logins_verified(apps, None)
    old.refresh_from_db()
    assert old.phone_verified_at == old.date_joined
