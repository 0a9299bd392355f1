"""Demo data, loaded by `manage.py seed_demo`. Each app adds its part in its own demo.py.

Every seeder is idempotent: it looks for what it made last time before making it.
"""

from dataclasses import dataclass, field

DEMO_PASSWORD = "demo12345"

# Order matters: each part builds on the ones before it.
SEEDERS = [
    "marketplace.regions.demo",
    "marketplace.accounts.demo",
    "marketplace.sellers.demo",
    "catalog.demo",
    "marketplace.delivery.demo",
    "marketplace.orders.demo",
    "traceability.demo",
    "cms.demo_site",  # the home page, under which training's course folder goes
    "marketplace.training.demo",
    "marketplace.dashboard.demo",
    "cms.demo",  # last: presents what the others made
]


@dataclass
class DemoContext:
    """What the seeders made so far, for the seeders after them."""

    users: dict = field(default_factory=dict)
    communes: dict = field(default_factory=dict)
    households: dict = field(default_factory=dict)
    sellers: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    log: list = field(default_factory=list)
