import pytest


@pytest.fixture
def console_sms(settings):
    """SMS and Zalo off: messages end on the console channel, as on a fresh install."""
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "console"]
    settings.ESMS_API_KEY = settings.ESMS_SECRET_KEY = ""
    settings.ZALO_OA_ACCESS_TOKEN = ""


@pytest.fixture
def sent_codes(monkeypatch):
    """The codes handed to `send`, as the SMS would carry them."""
    from marketplace.onboarding import password_reset

    codes, real_send = [], password_reset.send

    def spy(**kwargs):
        codes.append(kwargs["context"]["code"])
        return real_send(**kwargs)

    monkeypatch.setattr(password_reset, "send", spy)
    return codes
