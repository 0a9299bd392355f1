"""The cost table of docs/notifications.md, made from the real texts (a test compares).

In-app events are left out: they are never sent as SMS, so they cost no segment."""

from django.utils import translation

from .events import EVENTS, event_render
from .segments import sms_segments, unaccented

HEADER = (
    "| event | essential | text (sample values) | UCS-2 characters | segments "
    "| unaccented: GSM-7 characters | segments |\n"
    "| --- | --- | --- | ---: | ---: | ---: | ---: |"
)


def _cost(text: str) -> str:
    cost = sms_segments(text)
    return f"{cost.units} | {cost.segments}"


def cost_table(*, language: str = "vi") -> str:
    rows = [HEADER]
    with translation.override(language):
        for event in EVENTS.values():
            if event.in_app:
                continue
            text = event_render(event, event.sample)
            essential = "yes" if event.essential else "no"
            rows.append(
                f"| `{event.key}` | {essential} | {text} | {_cost(text)} "
                f"| {_cost(unaccented(text))} |"
            )
    return "\n".join(rows)
