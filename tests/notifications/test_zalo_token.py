"""The Zalo OA access token: its refresh through a local server speaking Zalo's OAuth,
the job that runs it, and ZNS refreshing once when Zalo says the token is invalid."""

import datetime as dt
import io
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from marketplace.notifications import zalo_token
from marketplace.notifications.backends.zalo import ERRORS, ZaloZnsBackend, _outcome
from marketplace.notifications.models import Outcome, Status, ZaloToken
from marketplace.notifications.zalo_token import zalo_access_token, zalo_token_refresh
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

REFUSED = {
    "error": -14014,
    "error_name": "Invalid refresh token",
    "error_description": "Refresh token is invalid or expired",
}


def _token(*, hours_left: float, access="oa-access-1", refresh="oa-refresh-1") -> ZaloToken:
    return ZaloToken.objects.create(
        access_token=access,
        refresh_token=refresh,
        expires_at=timezone.now() + dt.timedelta(hours=hours_left),
        source=ZaloToken.Source.REFRESH,
    )


def _command(*args) -> str:
    out = io.StringIO()
    call_command("zalo_token_refresh", *args, stdout=out)
    return out.getvalue()


def test_refresh_posts_the_form_with_the_app_secret_header(zalo_oauth):
    zalo_token_refresh()
    [request] = zalo_oauth.requests
    assert request["path"] == "/v4/oa/access_token"
    assert request["headers"]["secret_key"] == "zalo-app-secret"
    assert request["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {
        "app_id": "3141592653589793",
        "grant_type": "refresh_token",
        "refresh_token": "oa-refresh-1",
    }


def test_success_keeps_the_new_pair_until_now_plus_expires_in(zalo_oauth):
    token = zalo_token_refresh()
    assert ZaloToken.objects.get() == token
    assert (token.access_token, token.refresh_token) == ("oa-access-2", "oa-refresh-2")
    assert token.source == ZaloToken.Source.REFRESH
    # The fixed clock ticks: a few seconds pass while the test runs.
    expected = FIXED_NOW + dt.timedelta(seconds=90000)  # 16 June 2026, 10:30
    assert expected <= token.expires_at < expected + dt.timedelta(seconds=10)
    assert zalo_access_token() == "oa-access-2"


def test_without_a_row_the_settings_token_is_used(settings):
    settings.ZALO_OA_ACCESS_TOKEN = "zalo-oa-token"
    assert zalo_access_token() == "zalo-oa-token"
    _token(hours_left=20, access="from-the-row")
    assert zalo_access_token() == "from-the-row"


def test_a_token_far_from_its_expiry_is_not_refreshed(zalo_oauth):
    current = _token(hours_left=3.5)
    assert zalo_token_refresh() is None
    assert zalo_oauth.requests == []
    assert ZaloToken.objects.get() == current


def test_a_token_within_the_margin_is_refreshed_with_its_refresh_token(zalo_oauth):
    _token(hours_left=2.5, refresh="oa-refresh-row")
    assert zalo_token_refresh().access_token == "oa-access-2"
    assert zalo_oauth.requests[0]["form"]["refresh_token"] == "oa-refresh-row"
    assert ZaloToken.objects.count() == 2


def test_refresh_is_off_without_the_app_secret(zalo_oauth, settings):
    settings.ZALO_APP_SECRET = ""
    assert zalo_token_refresh(force=True) is None
    assert zalo_oauth.requests == []


def test_second_refresh_spends_the_refresh_token_of_the_first(zalo_oauth):
    zalo_oauth.answer({"access_token": "a2", "refresh_token": "r2", "expires_in": "90000"})
    zalo_oauth.answer({"access_token": "a3", "refresh_token": "r3", "expires_in": "90000"})
    zalo_token_refresh()
    zalo_token_refresh(force=True)
    assert [r["form"]["refresh_token"] for r in zalo_oauth.requests] == ["oa-refresh-1", "r2"]
    assert zalo_access_token() == "a3"


def test_refused_refresh_token_records_nothing_and_logs_no_token(zalo_oauth, caplog):
    _token(hours_left=1, access="oa-access-old", refresh="oa-refresh-old")
    zalo_oauth.answer(REFUSED)
    with caplog.at_level(logging.INFO, logger="marketplace.notifications"):
        assert zalo_token_refresh() is None
    assert ZaloToken.objects.count() == 1
    assert "-14014 Invalid refresh token" in caplog.text
    assert "oa-refresh-old" not in caplog.text and "oa-access-old" not in caplog.text


@pytest.mark.parametrize("failure", ["http_500", "timeout", "not_json", "no_refresh_token"])
def test_a_failed_refresh_records_nothing(zalo_oauth, caplog, failure):
    if failure == "http_500":
        zalo_oauth.answer({"error": "internal"}, status=500)
    elif failure == "timeout":
        zalo_oauth.timeout(seconds=1.0)
    elif failure == "not_json":
        zalo_oauth.answer_text("<html><body>502 Bad Gateway</body></html>")
    else:
        zalo_oauth.answer({"access_token": "oa-access-2", "expires_in": "90000"})
    with caplog.at_level(logging.ERROR, logger="marketplace.notifications"):
        assert zalo_token_refresh() is None
    assert not ZaloToken.objects.exists()
    assert "Zalo token refresh" in caplog.text
    assert "oa-access-2" not in caplog.text and "oa-refresh-1" not in caplog.text


def test_two_refreshes_in_a_row_ask_zalo_once(zalo_oauth):
    first = zalo_token_refresh()
    assert zalo_token_refresh() is None
    assert len(zalo_oauth.requests) == 1
    assert list(ZaloToken.objects.all()) == [first]


def _another_worker_refreshes_first(monkeypatch, *, hours_left: float) -> ZaloToken:
    """While this refresh waits for the lock, another worker adds its token."""
    theirs = ZaloToken(
        access_token="their-access",
        refresh_token="their-refresh",
        expires_at=timezone.now() + dt.timedelta(hours=hours_left),
        source=ZaloToken.Source.REFRESH,
    )
    take_turns = zalo_token._take_turns

    def wait_for_them():
        theirs.save()
        take_turns()

    monkeypatch.setattr(zalo_token, "_take_turns", wait_for_them)
    return theirs


def test_a_token_refreshed_while_waiting_for_the_lock_is_used_without_asking(
    zalo_oauth, monkeypatch
):
    theirs = _another_worker_refreshes_first(monkeypatch, hours_left=25)
    assert zalo_token_refresh(force=True) == theirs
    assert zalo_oauth.requests == []


def test_a_stale_token_found_inside_the_lock_is_refreshed_with_its_refresh_token(
    zalo_oauth, monkeypatch
):
    _another_worker_refreshes_first(monkeypatch, hours_left=1)
    assert zalo_token_refresh().access_token == "oa-access-2"
    assert zalo_oauth.requests[0]["form"]["refresh_token"] == "their-refresh"


# --- the command (the hourly timer) -----------------------------------------------------


def test_command_when_off_says_what_to_set():
    out = _command()
    assert "Zalo refresh is off: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_REFRESH_TOKEN" in out


def test_command_not_due_prints_the_expiry_and_asks_nothing(zalo_oauth):
    _token(hours_left=10)  # 19:30 Viet Nam time
    out = _command()
    assert "Current token expires at 2026-06-15 19:30" in out
    assert "Not due" in out
    assert zalo_oauth.requests == []


def test_command_refreshes_when_due_and_prints_the_new_expiry(zalo_oauth):
    out = _command()
    assert "Current token: from the settings, expiry unknown." in out
    assert "Refreshed: the new token expires at 2026-06-16 10:30" in out
    assert ZaloToken.objects.count() == 1


def test_command_force_refreshes_a_token_that_is_not_due(zalo_oauth):
    _token(hours_left=20)
    assert "Refreshed" in _command("--force")
    assert len(zalo_oauth.requests) == 1


def test_command_fails_with_exit_1_when_zalo_refuses(zalo_oauth):
    zalo_oauth.answer(REFUSED)
    with pytest.raises(CommandError, match="refresh failed") as failure:
        _command()
    assert failure.value.returncode == 1
    assert not ZaloToken.objects.exists()


def test_command_from_settings_starts_the_chain_again(zalo_oauth, settings):
    _token(hours_left=-2, refresh="oa-refresh-lost")
    settings.ZALO_OA_ACCESS_TOKEN = "oa-access-reauthorised"
    settings.ZALO_OA_REFRESH_TOKEN = "oa-refresh-reauthorised"
    _command("--from-settings")
    assert zalo_oauth.requests[0]["form"]["refresh_token"] == "oa-refresh-reauthorised"
    assert list(ZaloToken.objects.values_list("source", "access_token")) == [
        ("refresh", "oa-access-2"),
        ("settings", "oa-access-reauthorised"),
        ("refresh", "oa-access-1"),
    ]


# --- ZNS with the token ------------------------------------------------------------------


def test_zns_sends_the_newest_rows_token(deliver, zalo, esms):
    _token(hours_left=20, access="older")
    _token(hours_left=24, access="newest")
    deliver(phone="0912345678")
    assert zalo.requests[0]["headers"]["access_token"] == "newest"


def test_zalo_is_on_with_a_token_row_and_no_token_in_the_settings(settings):
    settings.ZALO_OA_ACCESS_TOKEN = ""
    assert not ZaloZnsBackend().enabled()
    _token(hours_left=20)
    assert ZaloZnsBackend().enabled()


def test_token_invalid_refreshes_and_resends_with_the_new_token(deliver, zalo, zalo_oauth, esms):
    zalo.answer({"error": -124, "message": "Access token invalid"})
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.SENT, "zalo")
    assert [r["headers"]["access_token"] for r in zalo.requests] == ["zalo-oa-token", "oa-access-2"]
    assert zalo.requests[0]["json"] == zalo.requests[1]["json"]
    attempt = message.attempts.get()
    assert (attempt.outcome, attempt.provider_code) == (Outcome.SENT, "0")
    assert '"error": -124' in attempt.provider_answer and '"error": 0' in attempt.provider_answer
    assert len(zalo_oauth.requests) == 1
    assert esms.requests == []


def test_token_invalid_and_a_refused_refresh_falls_back_to_sms(deliver, zalo, zalo_oauth, esms):
    zalo.answer({"error": -124, "message": "Access token invalid"})
    zalo_oauth.answer(REFUSED)
    message = deliver(phone="0912345678")
    assert (message.status, message.channel) == (Status.SENT, "sms")
    assert len(zalo.requests) == 1
    zalo_attempt = message.attempts.get(channel="zalo")
    assert zalo_attempt.outcome == Outcome.FALLBACK
    assert zalo_attempt.error == "Access token invalid; token refresh failed"
    assert not ZaloToken.objects.exists()


def test_token_invalid_twice_falls_back_to_sms_after_one_refresh(deliver, zalo, zalo_oauth, esms):
    zalo.answer({"error": -124, "message": "Access token invalid"})
    zalo.answer({"error": -124, "message": "Access token invalid"})
    message = deliver(phone="0912345678")
    assert message.channel == "sms"
    assert (len(zalo.requests), len(zalo_oauth.requests)) == (2, 1)


def test_a_second_message_refused_after_the_refresh_does_not_spend_another_token(
    deliver, zalo, zalo_oauth, esms
):
    """Zalo refusing a token it issued minutes ago is the OA's permission, not the
    token's age: every queued message would otherwise spend a refresh token."""
    zalo.answer({"error": -124, "message": "Access token invalid"})
    zalo.answer({"error": -124, "message": "Access token invalid"})
    deliver(phone="0912345678")
    zalo.answer({"error": -124, "message": "Access token invalid"})
    message = deliver(phone="0912345679")
    assert message.channel == "sms"
    assert len(zalo_oauth.requests) == 1
    error = message.attempts.get(channel="zalo").error
    assert error == "Access token invalid; token just issued, not refreshed"


@pytest.mark.parametrize("code", sorted(set(ERRORS) - {-100, -108}))
def test_every_other_zns_error_falls_back_to_sms(code):
    assert _outcome(code) == Outcome.FALLBACK


def test_zns_error_table_names_the_application_errors():
    assert ERRORS[-101] == "Application invalid"
    assert ERRORS[-105] == "Application not link to any OA"
    assert ERRORS[-110] == "Zalo version unsupported"
    assert (_outcome(0), _outcome(-100), _outcome(-108)) == (
        Outcome.SENT,
        Outcome.RETRY,
        Outcome.FAILED,
    )


def test_admin_lists_the_tokens_without_showing_them(admin_client):
    token = _token(hours_left=20, access="secret-access-value", refresh="secret-refresh-value")
    for url in [
        "/django-admin/notifications/zalotoken/",
        f"/django-admin/notifications/zalotoken/{token.pk}/change/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert b"secret-access-value" not in response.content
        assert b"secret-refresh-value" not in response.content


# --- what only PostgreSQL can prove -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's advisory lock")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(zalo_oauth, settings):
    settings.NOTIFY_HTTP_TIMEOUT = 5
    zalo_oauth.timeout(seconds=0.5)  # success, slowly: the other worker waits for the lock
    barrier = threading.Barrier(2)

    def refresh():
        try:
            barrier.wait(timeout=30)
            return zalo_token_refresh()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        tokens = list(pool.map(lambda _: refresh(), range(2)))
    assert len(zalo_oauth.requests) == 1
    assert ZaloToken.objects.count() == 1
    assert [t.pk for t in tokens] == [ZaloToken.objects.get().pk] * 2
