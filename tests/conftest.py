import pytest
from django.utils import translation


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
