"""Run manage.py in a child process against the test database, as a production node would."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

NODE_VARIABLES = ("REDIS_URL", "TASKS_BACKEND", "AWS_STORAGE_BUCKET_NAME", "MEDIA_STORAGE")


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_... database)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def manage(*args, timeout=120, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in NODE_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.test", DATABASE_URL=database_url(), **variables
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
