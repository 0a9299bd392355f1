"""PostgreSQL + Redis: what a production node shares with the others (run by CI)."""

import pytest
import redis
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from marketplace.dashboard.models import DashboardRollup
from marketplace.dashboard.tasks import dashboard_refresh
from tests.orders.factories import make_product
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

from .helpers import manage

pytestmark = [
    pytest.mark.postgres,
    # Committed data: a child process reads it. serialized_rollback keeps Wagtail's tree.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
REDIS_URL = "redis://127.0.0.1:6379/3"  # the scale helper's own Redis database

CART_ADD = """
from django.core.cache import cache
from django.test import Client
client = Client()
client.post({url!r}, {{"product": {product}, "quantity": 2}})
cache.set("probe", "from the web node")
print(client.cookies["sessionid"].value)
"""


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def test_a_cart_session_lives_in_redis_and_in_the_database(redis_db):
    product = make_product(stock=5)
    script = CART_ADD.format(url=reverse("orders:cart_add"), product=product.pk)
    result = manage("shell", "-c", script, REDIS_URL=REDIS_URL)
    assert result.returncode == 0, result.stderr
    session_key = result.stdout.strip().splitlines()[-1]

    assert list(redis_db.scan_iter(f"*{session_key}")), "session not in Redis"
    assert list(redis_db.scan_iter("choso:*:probe")), "cache not in Redis"
    # cached_db writes through: a Redis restart empties no cart.
    session = Session.objects.get(session_key=session_key)
    assert session.get_decoded()


def test_a_worker_process_runs_a_queued_dashboard_refresh(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    commune = CommuneFactory()
    HouseholdFactory(commune=commune)
    HouseholdFactory(commune=commune)

    queued = dashboard_refresh.enqueue([commune.pk])
    assert not DashboardRollup.objects.filter(commune=commune).exists()  # not in the request

    result = manage(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", TASKS_BACKEND="database"
    )
    assert result.returncode == 0, result.stderr

    done = DBTaskResult.objects.get(pk=queued.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 1  # one commune refreshed
    latest = DashboardRollup.objects.filter(commune=commune).order_by("-month").first()
    assert latest.roster == 2
