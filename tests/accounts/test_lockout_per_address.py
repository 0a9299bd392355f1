"""The lockout is per account and address, with a wider limit per account, and can be
lifted by `manage.py unlock`: nobody can lock an administrator out from everywhere."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="10.0.0.1", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def test_ten_failures_from_one_address_leave_the_owner_elsewhere_free(client, admin_user):
    for _ in range(10):
        _login(client, "0999999999", "sai-mat-khau", ip="203.0.113.7")
    assert _login(client, "0999999999", PASSWORD, ip="203.0.113.7").status_code == 429
    assert _login(client, "0999 999 999", "admin-pass", ip="198.51.100.2").status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_fifty_failures_spread_over_addresses_lock_the_account_for_the_cool_off(client, clock):
    UserFactory(phone="+84912345678")
    for n in range(49):
        assert _login(client, "0912345678", "sai", ip=f"203.0.113.{n // 5}").status_code == 200
    # The 50th, from a tenth address that has failed only once.
    assert _login(client, "0912345678", "sai", ip="203.0.113.9").status_code == 429
    assert _login(client, "0912345678", PASSWORD, ip="198.51.100.2").status_code == 429
    clock.shift(dt.timedelta(minutes=16))
    assert _login(client, "0912345678", PASSWORD, ip="198.51.100.2").status_code == 302


def test_forwarded_for_is_believed_only_from_our_own_proxy(client):
    UserFactory(phone="+84912345678")
    # The guesser writes a new address each time; nginx appends the one it saw.
    for n in range(10):
        forwarded = f"192.0.2.{n}, 203.0.113.7"
        _login(client, "0912345678", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    through_proxy = _login(
        client, "0912345678", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert through_proxy.status_code == 429
    # Sent straight to a node, a forged header changes nothing: the socket's address counts.
    direct = _login(
        client, "0912345678", PASSWORD, ip="198.51.100.2", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert direct.status_code == 302


def test_unlock_command_lifts_the_lock_for_any_spelling(client):
    UserFactory(phone="+84912345678")
    for n in range(50):
        _login(client, "0912345678", "sai", ip=f"203.0.113.{n // 5}")
    assert _login(client, "0912345678", PASSWORD).status_code == 429
    out = io.StringIO()
    call_command("unlock", "0912", "345", "678", stdout=out)
    # Ten addresses of the guesser's, and the owner's refused try.
    assert "11 lockout record(s) removed" in out.getvalue()
    assert _login(client, "0912345678", PASSWORD).status_code == 302


def test_unlocking_an_account_leaves_the_others_locked(client):
    UserFactory(phone="+84912345678")
    UserFactory(phone="+84987654321")
    for phone in ("0912345678", "0987654321"):
        for _ in range(10):
            _login(client, phone, "sai")
    call_command("unlock", "+84912345678", stdout=io.StringIO())
    assert _login(client, "0912345678", PASSWORD).status_code == 302
    client.logout()  # the login page sends a logged-in visitor on without a check
    assert _login(client, "0987654321", PASSWORD).status_code == 429


def test_a_buyer_cannot_open_a_session_through_the_admin_login(client):
    UserFactory(phone="+84912345678")

    def admin_login(password):
        return client.post(
            "/admin/login/", {"username": "0912345678", "password": password}, REMOTE_ADDR="1.2.3.4"
        )

    right, wrong = admin_login(PASSWORD), admin_login("sai-mat-khau")
    assert right.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    # The same words as a wrong password: the admin login tells nobody who has an account.
    errors = right.context["form"].errors["__all__"]
    assert errors == wrong.context["form"].errors["__all__"] and errors


def test_an_administrator_logs_in_through_the_admin_login(client, admin_user):
    response = client.post(
        "/admin/login/", {"username": "0999999999", "password": "admin-pass"}, REMOTE_ADDR="1.1.1.1"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_one_address_spelled_two_ways_is_one_lockout(client):
    """A dual-stack socket reports `::ffff:a.b.c.d`: it must not double the guesses."""
    UserFactory(phone="+84912345678")
    for n in range(10):
        spelling = "203.0.113.7" if n % 2 else "::ffff:203.0.113.7"
        _login(client, "0912345678", "sai", ip=spelling)
    assert _login(client, "0912345678", PASSWORD, ip="203.0.113.7").status_code == 429
    assert _login(client, "0912345678", PASSWORD, ip="::ffff:203.0.113.7").status_code == 429


def test_an_ipv6_guesser_cannot_hop_addresses_inside_their_64(client):
    UserFactory(phone="+84912345678")
    for n in range(10):
        _login(client, "0912345678", "sai", ip=f"2001:db8:1:2::{n + 1:x}")
    assert _login(client, "0912345678", PASSWORD, ip="2001:db8:1:2::ffff").status_code == 429
    # Another household's /64 logs in.
    assert _login(client, "0912345678", PASSWORD, ip="2001:db8:1:3::1").status_code == 302


def test_garbage_forwarded_through_the_proxy_does_not_lock_everyone_behind_it(client):
    UserFactory(phone="+84912345678")
    for _ in range(10):
        _login(client, "0912345678", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="x, garbage")
    assert (
        _login(
            client, "0912345678", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="garbage!"
        ).status_code
        == 429
    )  # the garbage senders share one bucket: a new string is no new try
    through_proxy = _login(
        client, "0912345678", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    from_proxy_host = _login(client, "0912345678", PASSWORD, ip="127.0.0.1")
    assert (through_proxy.status_code, from_proxy_host.status_code) == (302, 302)
