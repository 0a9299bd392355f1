"""The small HTTP client that every outside provider shares (SMS, Zalo, courier): JSON
out and back, or a form out (Zalo's OAuth) and JSON back.

Any HTTP status is an answer the caller classifies; no answer at all (refused, DNS, the
timeout ran out) raises ProviderUnreachable. Standard library only: one request at a
time from a task or a page, no session to keep.
"""

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: str

    def json(self) -> dict:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class ProviderUnreachable(Exception):
    """No answer: connection refused, DNS, or the timeout ran out."""


def post_json(*, url: str, payload: dict, headers: dict, timeout: float) -> HttpAnswer:
    """POST `payload` as JSON; any HTTP status is an answer, no answer raises."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    return _send(request, timeout)


def post_form(*, url: str, fields: dict, headers: dict, timeout: float) -> HttpAnswer:
    """POST `fields` form-encoded; any HTTP status is an answer, no answer raises."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            **headers,
        },
        method="POST",
    )
    return _send(request, timeout)


def get_json(*, url: str, headers: dict, timeout: float) -> HttpAnswer:
    """GET `url` expecting JSON; any HTTP status is an answer, no answer raises."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", **headers}, method="GET"
    )
    return _send(request, timeout)


def _send(request: urllib.request.Request, timeout: float) -> HttpAnswer:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpAnswer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return HttpAnswer(exc.code, exc.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise ProviderUnreachable(str(getattr(exc, "reason", exc))) from exc
    except http.client.HTTPException as exc:
        # Not HTTP at all (a broken proxy, a cut connection): no answer either.
        raise ProviderUnreachable(f"not HTTP: {exc!r}") from exc
