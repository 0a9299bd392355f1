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


PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-50c",
    "ALLOWED_HOSTS": "cho-so.vn",
    "TRUSTED_PROXIES": "127.0.0.1,10.0.0.5",
}


def test_production_settings_pass_djangos_deployment_checks():
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_trusted_proxies_fails_the_deployment_checks():
    """Behind nginx every visitor would be nginx: one lockout would lock everybody."""
    result = _check_deploy({**PRODUCTION, "TRUSTED_PROXIES": ""})
    assert result.returncode != 0
    assert "core.E002" in result.stderr and "TRUSTED_PROXIES is not set" in result.stderr


def test_a_trusted_proxy_that_is_no_address_fails_every_check():
    result = _check_deploy({**PRODUCTION, "TRUSTED_PROXIES": "127.0.0.1,nginx.local"})
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "'nginx.local'" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _check_deploy({"SECRET_KEY": "", "ALLOWED_HOSTS": "cho-so.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_healthz_answers_the_load_balancer_over_plain_http():
    """SECURE_SSL_REDIRECT sends every plain-HTTP request to https://, but /healthz."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='cho-so.vn')\n"
        "health = c.get('/healthz')\n"
        "print(health.status_code, health.content.decode(), health['Permissions-Policy'])\n"
        "print(c.get('/healthz/').status_code, c.get('/san-pham/').status_code)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "cho-so.vn",
        "DATABASE_URL": "sqlite://:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    health, others = result.stdout.splitlines()
    assert health.startswith('200 {"status": "ok"} camera=()')
    # Everything else, a look-alike path included, still goes to HTTPS.
    assert others == "301 301"
