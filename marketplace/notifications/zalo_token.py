"""The Zalo Official Account's access token: which one ZNS uses, and its refresh.

Zalo issues an access token for about 25 hours (`expires_in` "90000" seconds) with a
refresh token that works once. `zalo_token_refresh`, run hourly by
`manage.py zalo_token_refresh` and by the ZNS backend when Zalo answers -124 (token
invalid), trades the newest refresh token for a new pair and keeps it as a ZaloToken
row; before the first refresh, the settings' tokens are used.

POST {ZALO_OAUTH_BASE_URL}/v4/oa/access_token with header `secret_key` (the app's
secret) and the form `app_id`, `grant_type=refresh_token`, `refresh_token`. Zalo
answers HTTP 200 either way: {"access_token", "refresh_token", "expires_in"} or
{"error": -14014, "error_name", "error_description"}. Tokens are never logged.
"""

import datetime as dt
import logging
import zlib

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.core.http import HttpAnswer, ProviderUnreachable, post_form
from marketplace.core.locks import advisory_xact_lock

from .models import ZaloToken

logger = logging.getLogger(__name__)

PATH = "/v4/oa/access_token"
_LOCK = zlib.crc32(b"notifications.zalo_token")


def zalo_token_current() -> ZaloToken | None:
    """The newest token row (the one in use), or None before the first refresh."""
    return ZaloToken.objects.order_by("-created_at", "-pk").first()


def zalo_access_token() -> str:
    """The access token ZNS sends: the newest row's, else settings.ZALO_OA_ACCESS_TOKEN."""
    current = zalo_token_current()
    return current.access_token if current else settings.ZALO_OA_ACCESS_TOKEN


def _refresh_token(current: ZaloToken | None) -> str:
    return current.refresh_token if current else settings.ZALO_OA_REFRESH_TOKEN


def _configured(current: ZaloToken | None) -> bool:
    return bool(settings.ZALO_APP_ID and settings.ZALO_APP_SECRET and _refresh_token(current))


def zalo_refresh_configured() -> bool:
    """Refresh is on with the app's id and secret and a refresh token to spend."""
    return _configured(zalo_token_current())


def _due(current: ZaloToken | None) -> bool:
    margin = dt.timedelta(seconds=settings.ZALO_TOKEN_REFRESH_MARGIN)
    return current is None or current.expires_at <= timezone.now() + margin


# A token Zalo refuses within this time of its issue is not refreshed again on a ZNS
# answer: the OA's permission is the problem, and each refresh would spend a token.
JUST_ISSUED = dt.timedelta(minutes=10)


def zalo_token_just_issued() -> bool:
    current = zalo_token_current()
    return current is not None and current.created_at > timezone.now() - JUST_ISSUED


def zalo_token_due() -> bool:
    """No token row yet, or the current one expires within ZALO_TOKEN_REFRESH_MARGIN."""
    return _due(zalo_token_current())


def zalo_token_refresh(*, force: bool = False) -> ZaloToken | None:
    """Trade the refresh token for a new pair when the current token is due (or `force`).

    Returns the token to use from now on; None when refresh is off, nothing was due,
    or Zalo gave no token (logged; nothing is recorded). A refresh token works once, so
    refreshes take turns under a lock and read the newest row again inside it: a token
    another worker added meanwhile is returned as it is, unless it is due itself."""
    seen = zalo_token_current()
    if not _configured(seen) or not (force or _due(seen)):
        return None
    with transaction.atomic():
        _take_turns()
        current = zalo_token_current()
        if current is not None and current.pk != getattr(seen, "pk", None) and not _due(current):
            return current
        refresh_token = _refresh_token(current)
        if not refresh_token:
            logger.error("Zalo token refresh: no refresh token left; authorise the OA again")
            return None
        data = _exchange(refresh_token)
        return _record(data) if data else None


def _take_turns() -> None:
    advisory_xact_lock(_LOCK)
    if connection.vendor == "sqlite":
        # SQLite's write lock comes with a transaction's first write: take it before
        # reading the newest row, so a second worker waits here instead of spending
        # the same refresh token.
        ZaloToken.objects.filter(pk=0).update(source=F("source"))


def _exchange(refresh_token: str) -> dict | None:
    try:
        answer = post_form(
            url=settings.ZALO_OAUTH_BASE_URL.rstrip("/") + PATH,
            fields={
                "app_id": settings.ZALO_APP_ID,
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            },
            headers={"secret_key": settings.ZALO_APP_SECRET},
            timeout=settings.NOTIFY_HTTP_TIMEOUT,
        )
    except ProviderUnreachable as exc:
        logger.error("Zalo token refresh: no answer (%s)", exc)
        return None
    data = answer.json()
    tokens = [data.get("access_token"), data.get("refresh_token")]
    if answer.status >= 400 or not all(isinstance(t, str) and t for t in tokens):
        logger.error("Zalo token refresh refused: %s", _why(answer, data))
        return None
    return data


def _why(answer: HttpAnswer, data: dict) -> str:
    """What went wrong, from the answer's status and error fields only (never a token)."""
    if answer.status >= 400:
        return f"HTTP {answer.status}"
    if not data:
        return f"HTTP {answer.status}, not JSON ({len(answer.body)} characters)"
    if "error" not in data:
        return "no access token and refresh token in the answer"
    words = [data.get(k) for k in ("error_name", "error_description", "message")]
    return " ".join(str(part) for part in [data["error"], *words] if part)[:300]


def _lifetime(expires_in) -> dt.timedelta:
    try:
        seconds = int(expires_in)
    except (TypeError, ValueError):
        # Unknown: count it expired, so the next run refreshes again.
        logger.warning("Zalo token refresh: expires_in %r is not a number of seconds", expires_in)
        seconds = 0
    return dt.timedelta(seconds=max(seconds, 0))


def _record(data: dict) -> ZaloToken:
    token = ZaloToken(
        access_token=data["access_token"],
        refresh_token=data["refresh_token"],
        expires_at=timezone.now() + _lifetime(data.get("expires_in")),
        source=ZaloToken.Source.REFRESH,
    )
    token.full_clean()
    token.save()
    logger.info("Zalo access token refreshed, valid until %s", token.expires_at.isoformat())
    return token


def zalo_token_from_settings() -> ZaloToken:
    """Start the chain again from settings.ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN,
    once the OA was authorised again (a refresh token lost or refused): they become the
    current row, counted as expired so that the next refresh trades them at once."""
    with transaction.atomic():
        _take_turns()
        token = ZaloToken(
            access_token=settings.ZALO_OA_ACCESS_TOKEN,
            refresh_token=settings.ZALO_OA_REFRESH_TOKEN,
            expires_at=timezone.now(),
            source=ZaloToken.Source.SETTINGS,
        )
        token.full_clean()
        token.save()
    return token
