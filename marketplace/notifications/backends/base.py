"""What every channel answers, and how an HTTP answer is classified."""

from dataclasses import dataclass

from marketplace.core.http import HttpAnswer, ProviderUnreachable

from ..models import Outcome

ANSWER_LIMIT = 2000  # characters of a provider's answer kept in the log


@dataclass(frozen=True)
class Result:
    outcome: str  # an Outcome value
    http_status: int | None = None
    provider_code: str = ""
    provider_answer: str = ""
    error: str = ""


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
