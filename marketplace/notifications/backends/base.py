"""What every channel answers, and the small HTTP client the providers share."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..models import Outcome

ANSWER_LIMIT = 2000  # characters of a provider's answer kept in the log


@dataclass(frozen=True)
class Result:
    outcome: str  # an Outcome value
    http_status: int | None = None
    provider_code: str = ""
    provider_answer: str = ""
    error: str = ""


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
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpAnswer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return HttpAnswer(exc.code, exc.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise ProviderUnreachable(str(getattr(exc, "reason", exc))) from exc


def http_failure(answer: HttpAnswer) -> Result | None:
    """Rate limits and server errors are worth another try; other 4xx are not."""
    if answer.status == 429 or answer.status >= 500:
        outcome = Outcome.RETRY
    elif answer.status >= 400:
        outcome = Outcome.FAILED
    else:
        return None
    return Result(
        outcome=outcome,
        http_status=answer.status,
        provider_answer=answer.body[:ANSWER_LIMIT],
        error=f"HTTP {answer.status}",
    )


def unreachable(exc: ProviderUnreachable) -> Result:
    return Result(outcome=Outcome.RETRY, error=f"no answer: {exc}"[:255])


class Backend:
    """A channel: `enabled` by its settings, `reaches` a message's recipient, `deliver`s."""

    name = ""

    def enabled(self) -> bool:
        return True

    def reaches(self, message) -> bool:
        raise NotImplementedError

    def deliver(self, message) -> Result:
        raise NotImplementedError
