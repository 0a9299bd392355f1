"""Demo data, loaded by `manage.py seed_demo`. Each app adds its part in its own demo.py,
registered with `@demo_step(order)`: core names no app above it.

Every step is idempotent: it looks for what it made last time before making it. Steps
run lowest order first, each in its own transaction; the orders in use, by layer:
regions 10, accounts 20, sellers 30, catalog 40, delivery 50, orders 60,
traceability 70, cms home 75, training 80, cms storefronts 90, dashboard 100.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "demo12345"
# One seed for every random choice of the demo: the same province on every machine.
DEMO_SEED = 2026
# The logins printed at the end, one per role (context.users holds more).
DEMO_LOGINS = ("admin", "officer", "household", "coop_manager", "buyer")


@dataclass
class DemoContext:
    """What the steps made so far, for the steps after them."""

    users: dict = field(default_factory=dict)
    communes: dict = field(default_factory=dict)
    households: dict = field(default_factory=dict)
    sellers: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    log: list = field(default_factory=list)

    def rng(self, name: str) -> random.Random:
        """A random source of its own per step: adding a step changes no other's data."""
        return random.Random(f"{DEMO_SEED}-{name}")


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    seed: Callable[[DemoContext], None]


_STEPS: dict[str, DemoStep] = {}


def demo_step(order: int):
    """Register `seed(context)` as a step of the demo, run at `order` (lowest first)."""

    def register(seed: Callable[[DemoContext], None]):
        app = seed.__module__.rpartition(".demo")[0].rpartition(".")[2]
        name = app if seed.__name__ == "seed" else f"{app} {seed.__name__.removeprefix('seed_')}"
        _STEPS[f"{seed.__module__}.{seed.__name__}"] = DemoStep(order, name, seed)
        return seed

    return register


def demo_steps() -> list[DemoStep]:
    """Every app's registered steps (each app's `demo` module imported), in order."""
    autodiscover_modules("demo")
    return sorted(_STEPS.values(), key=lambda step: step.order)


def demo_moment(days_ago: float, *, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment `days_ago` days before now, at a working hour of that day; never ahead of
    now (today at 9:00 seeded at 7:00 is a moment ago). Demo data looks recent on any date."""
    now = timezone.localtime()
    moment = (now - dt.timedelta(days=days_ago)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    return min(moment, now - dt.timedelta(minutes=5))
