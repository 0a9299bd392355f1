import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_whatever_the_phone_spelling(client):
    UserFactory(phone="+84912345678")
    spellings = ["0912345678", "0912 345 678", "+84912345678", "84912345678", "912345678"]
    for attempt in range(9):
        assert _login(client, spellings[attempt % 5], "sai-mat-khau").status_code == 200
    locked = _login(client, spellings[0], "sai-mat-khau")
    assert locked.status_code == 429
    assert "bị khóa 15 phút" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert _login(client, "0912 345 678", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_accounts_behind_the_same_address_can_still_log_in(client):
    UserFactory(phone="+84912345678")
    UserFactory(phone="+84987654321")
    for _ in range(10):
        _login(client, "0912345678", "sai-mat-khau")
    assert _login(client, "0987654321", PASSWORD).status_code == 302
