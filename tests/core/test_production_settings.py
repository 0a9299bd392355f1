import os
import subprocess
import sys

from django.conf import settings


def _check_deploy(env_extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.production", **env_extra}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_djangos_deployment_checks():
    result = _check_deploy(
        {
            "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-50c",
            "ALLOWED_HOSTS": "cho-so.vn",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check_deploy({"SECRET_KEY": "", "ALLOWED_HOSTS": "cho-so.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
