"""Production settings served over plain HTTP on the loopback: `make loadtest` and
`make bench-http` only.

Everything else (PostgreSQL, Redis, WhiteNoise, DEBUG off) is production's; only what
needs TLS is relaxed, because the load generator talks to gunicorn directly.
ROOT_URLCONF may name another URLconf: `make bench-http` serves the benchmarks' floor
beside the site with "tests.benchmarks.floor".
"""

from .base import env
from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ROOT_URLCONF = env("ROOT_URLCONF", ROOT_URLCONF)  # noqa: F405
