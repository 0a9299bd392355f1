"""Password reset by a one-time code over SMS: same answer for every number, one
essential message for a known one, 10 minutes, 5 tries, limits per number and per IP."""

import datetime as dt

import pytest

from marketplace.notifications.models import Message, Status
from marketplace.onboarding.errors import OnboardingError
from marketplace.onboarding.models import PasswordResetCode
from marketplace.onboarding.password_reset import (
    password_reset_confirm,
    password_reset_request,
)
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("console_sms")]

FORGOT = "/quen-mat-khau/"
CONFIRM = "/quen-mat-khau/nhap-ma/"
SAME_ANSWER = "Nếu số này có tài khoản, mã đã được gửi."


def _ask(client, phone, ip="10.0.0.1"):
    return client.post(FORGOT, {"phone": phone}, REMOTE_ADDR=ip, follow=True)


def test_an_unknown_number_gets_the_same_answer_and_no_message(client):
    UserFactory(phone="+84912000001")
    page = _ask(client, "0912 000 002")
    assert SAME_ANSWER in page.content.decode()
    assert page.redirect_chain[-1][0] == CONFIRM
    assert not Message.objects.exists()
    assert not PasswordResetCode.objects.exists()


def test_a_known_number_gets_one_essential_message_without_the_code_in_the_log(
    client, sent_codes, django_capture_on_commit_callbacks
):
    user = UserFactory(phone="+84912000003")
    with django_capture_on_commit_callbacks(execute=True):
        page = _ask(client, "0912 000 003")
    assert SAME_ANSWER in page.content.decode()
    message = Message.objects.get()
    assert (message.event, message.recipient, message.phone) == ("otp", user, "+84912000003")
    assert message.is_essential and message.status == Status.SENT
    [code] = sent_codes
    assert len(code) == 6 and code.isdigit()
    assert code not in message.text  # delivered, then blanked out of the log
    ticket = PasswordResetCode.objects.get()
    assert code not in ticket.code_hash
    assert ticket.expires_at - ticket.created_at == dt.timedelta(minutes=10)


def test_the_code_sets_a_new_password_and_logs_in(client, sent_codes):
    user = UserFactory(phone="+84912000004")
    _ask(client, "0912000004")
    response = client.post(
        CONFIRM, {"phone": "0912 000 004", "code": sent_codes[0], "password": "dua-xiem-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("dua-xiem-2026")
    assert client.session["_auth_user_id"] == str(user.pk)
    # It works once.
    with pytest.raises(OnboardingError):
        password_reset_confirm(phone=user.phone, code=sent_codes[0], password="khac-nua-2026")


def test_the_confirm_page_remembers_the_number_and_checks_the_password(client, sent_codes):
    UserFactory(phone="+84912000005")
    page = _ask(client, "0912000005").content.decode()
    assert 'value="0912 000 005"' in page
    response = client.post(
        CONFIRM, {"phone": "0912000005", "code": sent_codes[0], "password": "123"}
    )
    assert response.status_code == 200  # Django's password validators said no
    assert not PasswordResetCode.objects.filter(used_at__isnull=False).exists()


def test_a_code_expires_after_ten_minutes(clock, sent_codes):
    user = UserFactory(phone="+84912000006")
    password_reset_request(phone=user.phone, ip="10.0.0.1")
    clock.shift(dt.timedelta(minutes=10, seconds=1))
    with pytest.raises(OnboardingError):
        password_reset_confirm(phone=user.phone, code=sent_codes[0], password="dua-xiem-2026")
    user.refresh_from_db()
    assert not user.check_password("dua-xiem-2026")


def test_five_wrong_tries_kill_the_code(sent_codes):
    user = UserFactory(phone="+84912000007")
    password_reset_request(phone=user.phone, ip="10.0.0.1")
    wrong = "000000" if sent_codes[0] != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(OnboardingError):
            password_reset_confirm(phone=user.phone, code=wrong, password="dua-xiem-2026")
    with pytest.raises(OnboardingError):
        password_reset_confirm(phone=user.phone, code=sent_codes[0], password="dua-xiem-2026")
    user.refresh_from_db()
    assert not user.check_password("dua-xiem-2026")


def test_a_new_code_cancels_the_earlier_one(sent_codes):
    user = UserFactory(phone="+84912000008")
    password_reset_request(phone=user.phone, ip="10.0.0.1")
    password_reset_request(phone=user.phone, ip="10.0.0.1")
    first, second = sent_codes
    if first != second:
        with pytest.raises(OnboardingError):
            password_reset_confirm(phone=user.phone, code=first, password="dua-xiem-2026")
    password_reset_confirm(phone=user.phone, code=second, password="dua-xiem-2026")


def test_three_requests_per_number_an_hour(client, clock, sent_codes):
    UserFactory(phone="+84912000009")
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert SAME_ANSWER in _ask(client, "0912000009", ip=ip).content.decode()
    page = _ask(client, "0912000009", ip="10.0.0.4").content.decode()
    assert "Vui lòng thử lại sau một giờ" in page and SAME_ANSWER not in page
    assert len(sent_codes) == 3
    clock.shift(dt.timedelta(hours=1, seconds=1))
    assert SAME_ANSWER in _ask(client, "0912000009", ip="10.0.0.5").content.decode()
    assert len(sent_codes) == 4


def test_ten_requests_per_ip_an_hour_known_or_not(client, sent_codes):
    user = UserFactory(phone="+84912000010")
    for n in range(10):
        assert SAME_ANSWER in _ask(client, f"0913 000 {n:03d}").content.decode()
    page = _ask(client, "0912000010").content.decode()
    assert "Vui lòng thử lại sau một giờ" in page
    assert sent_codes == [] and not PasswordResetCode.objects.filter(user=user).exists()
    # Another address is not held back.
    assert SAME_ANSWER in _ask(client, "0912000010", ip="10.0.0.2").content.decode()
    assert len(sent_codes) == 1


def test_the_forgotten_page_asks_the_number_and_still_explains_the_officer_code(client):
    page = client.get(FORGOT).content.decode()
    assert 'name="phone"' in page and 'inputmode="tel"' in page
    assert "cán bộ khuyến nông" in page and 'href="/kich-hoat/"' in page
    assert f'href="{CONFIRM}"' in page
