import itertools

import pytest

from tests.notifications.fake_providers import FakeEsms, FakeZalo, FakeZaloOAuth, short_code_on


@pytest.fixture(autouse=True)
def _console_only(settings):
    """Every test starts with the embedded default; provider tests switch theirs on."""
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""
    settings.ZALO_APP_ID = settings.ZALO_APP_SECRET = settings.ZALO_OA_REFRESH_TOKEN = ""
    settings.ZALO_TOKEN_REFRESH_MARGIN = 3 * 3600
    settings.ZALO_ZNS_TEMPLATES = {}
    settings.NOTIFY_SMS_UNACCENTED = False
    settings.NOTIFY_HTTP_TIMEOUT = 0.3
    settings.ESMS_MO_CPID = settings.ESMS_MO_PRIVATE_KEY = settings.ESMS_MO_SERVICE_NUMBER = ""


@pytest.fixture
def esms(settings):
    with FakeEsms() as fake:
        settings.ESMS_API_KEY = "esms-api-key"
        settings.ESMS_SECRET_KEY = "esms-secret"
        settings.ESMS_BRANDNAME = "CHOSO"
        settings.ESMS_BASE_URL = fake.url
        yield fake


@pytest.fixture
def zalo(settings):
    with FakeZalo() as fake:
        settings.ZALO_OA_ACCESS_TOKEN = "zalo-oa-token"
        settings.ZALO_ZNS_BASE_URL = fake.url
        settings.ZALO_ZNS_TEMPLATES = {"order_new": "312345", "otp": "312346"}
        yield fake


@pytest.fixture
def zalo_oauth(settings):
    """Zalo's OAuth server, with the refresh configured (the settings' first refresh token)."""
    with FakeZaloOAuth() as fake:
        settings.ZALO_APP_ID = "3141592653589793"
        settings.ZALO_APP_SECRET = "zalo-app-secret"
        settings.ZALO_OA_REFRESH_TOKEN = "oa-refresh-1"
        settings.ZALO_OAUTH_BASE_URL = fake.url
        yield fake


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Send a message and run what the commit would run (the immediate task backend)."""
    from marketplace.notifications.models import Message
    from marketplace.notifications.services import send

    keys = itertools.count(1)

    def _deliver(**kwargs) -> Message:
        kwargs.setdefault("event", "order_new")
        kwargs.setdefault("context", {"number": "CS000123-1", "total": 1250000})
        kwargs.setdefault("idempotency_key", f"test:{next(keys)}")
        with django_capture_on_commit_callbacks(execute=True):
            message = send(**kwargs)
        message.refresh_from_db()
        return message

    return _deliver


@pytest.fixture
def short_code(settings):
    return short_code_on(settings)
