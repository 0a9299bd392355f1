import tempfile

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="choso-test-media-")
SITE_URL = "https://cho-so.test"
WAGTAILADMIN_BASE_URL = SITE_URL
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The suite's one guest (0912 345 678) places many orders; tests/orders/test_hold.py and
# tests/orders/test_limits.py set the real limits where they are the subject.
GUEST_OPEN_ORDERS_LIMIT = 1000
ACCOUNT_OPEN_ORDERS_LIMIT = 1000
BUYER_STOCK_SHARE_PERCENT = 100
