"""Environment variables pick the shared services of a production node."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = """
import json
from django.conf import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["BACKEND"],
    "renditions": s.CACHES.get("renditions", {}).get("BACKEND"),
    "sessions": s.SESSION_ENGINE,
    "tasks": s.TASKS["default"]["BACKEND"],
    "media": s.STORAGES["default"]["BACKEND"],
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "purge": sorted(b["LOCATION"] for b in s.WAGTAILFRONTENDCACHE.values()),
}))
"""
SERVICES = (
    "REDIS_URL",
    "TASKS_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "MEDIA_STORAGE",
    "PURGE_URLS",
    "DATABASE_URL",
)


def settings_with(module="marketplace.settings.dev", **variables):
    env = {k: v for k, v in os.environ.items() if k not in SERVICES}
    env.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY="s" * 60, **variables)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_set_means_local_memory_in_process_tasks_and_local_files():
    shown = settings_with()
    assert shown["cache"].endswith("LocMemCache")
    assert shown["sessions"] == "django.contrib.sessions.backends.db"
    assert shown["tasks"].endswith("ImmediateBackend")
    assert shown["media"].endswith("FileSystemStorage")
    assert shown["purge"] == []


def test_production_node_shares_everything_through_redis_postgres_and_the_bucket():
    shown = settings_with(
        "marketplace.settings.production",
        REDIS_URL="redis://127.0.0.1:6379/3",
        TASKS_BACKEND="database",
        AWS_STORAGE_BUCKET_NAME="cho-so-media",
        PURGE_URLS="http://10.0.0.5:8080,http://10.0.0.6:8080",
    )
    assert shown == {
        "cache": "django.core.cache.backends.redis.RedisCache",
        "renditions": "django.core.cache.backends.redis.RedisCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "tasks": "django_tasks_db.DatabaseBackend",
        "media": "storages.backends.s3.S3Storage",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "purge": ["http://10.0.0.5:8080", "http://10.0.0.6:8080"],
    }


def test_an_unknown_task_backend_stops_the_start_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if k not in SERVICES}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.dev", TASKS_BACKEND="celery")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database" in result.stderr
