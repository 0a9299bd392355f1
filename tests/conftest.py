import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Every test runs on this clock (mid-month, mid-morning in Viet Nam), so that no result
# depends on the day the suite runs; it ticks, so durations still pass. A test that needs
# another moment moves it: `clock.move_to(dt.datetime(2026, 12, 1, 0, 30, tzinfo=VIET_NAM))`.
FIXED_NOW = dt.datetime(2026, 6, 15, 9, 30, tzinfo=VIET_NAM)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FIXED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in the site's default language, as a visitor would."""
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached query results must not leak from one test into the next (ids differ)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commune(db):
    from tests.regions.factories import CommuneFactory

    return CommuneFactory()


@pytest.fixture
def officer(db, commune):
    from tests.accounts.factories import OfficerFactory

    return OfficerFactory(communes=[commune])


@pytest.fixture
def admin_user(db):
    from marketplace.accounts.models import User

    return User.objects.create_superuser("0999999999", "admin-pass", display_name="Quản trị")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
