"""The example deployment files parse, and a backup restores with the documented command.

`deploy/check.sh` (run by CI) also puts the files through `nginx -t` and
`systemd-analyze verify`.
"""

import configparser
import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from .helpers import database_url

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / "systemd" / name).read_text(encoding="utf-8"))
    return parser


def test_nginx_site_limits_uploads_guards_media_and_caches_public_pages():
    site = (DEPLOY / "nginx" / "cho-so.conf").read_text(encoding="utf-8")
    code = re.sub(r"#.*", "", site)
    assert code.count("{") == code.count("}")
    assert "client_max_body_size 10m;" in code
    media = code[code.index("location /media/") :]
    media = media[: media.index("location ~")]
    assert "add_header X-Content-Type-Options nosniff always;" in media
    assert "text/html" not in media and "svg" not in media
    assert "proxy_cache_bypass $cookie_sessionid $cookie_messages;" in code
    assert "$request_method != PURGE" in code and "deny all;" in code


def test_every_unit_runs_the_app_with_the_shared_environment_file():
    for path in (DEPLOY / "systemd").glob("*.service"):
        service = unit(path.name)["Service"]
        assert service["EnvironmentFile"] == "/etc/cho-so/cho-so.env", path.name
        assert service["ExecStart"].startswith("/srv/cho-so/app/.venv/bin/"), path.name
        assert service["User"] == "choso", path.name


def test_each_timer_starts_a_service_that_runs_an_existing_command():
    commands = {
        p.stem
        for p in Path(settings.BASE_DIR).glob("**/management/commands/*.py")
        if ".venv" not in p.parts
    }
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert {t.stem for t in timers} == {
        "cho-so-refresh-dashboard",
        "cho-so-ocop-stars",
        "cho-so-stripe-refunds",
        "cho-so-training-reminders",
        "cho-so-notifications-retry",
        "cho-so-orders-expire",
        "cho-so-delivery-track",
        "cho-so-zalo-token-refresh",
    }
    for timer in timers:
        schedule = unit(timer.name)["Timer"]
        assert schedule.get("OnCalendar") or schedule.get("OnUnitActiveSec")
        command = unit(f"{timer.stem}.service")["Service"]["ExecStart"].split()[-1]
        assert command in commands


def test_the_environment_example_names_only_variables_the_settings_read():
    read = set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', _settings_source()))
    read |= {"DJANGO_SETTINGS_MODULE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # boto3's
    example = (DEPLOY / "cho-so.env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^([A-Z_]+)=", example, flags=re.M))
    named |= set(re.findall(r"^# ([A-Z_]+)=", example, flags=re.M))
    assert named - read == set()


def _settings_source() -> str:
    return (Path(settings.BASE_DIR) / "marketplace" / "settings" / "base.py").read_text()


def _counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_fresh_database_with_the_documented_commands(tmp_path):
    from tests.orders.factories import place
    from tests.traceability.factories import days_ago, make_lot, make_product
    from traceability.models import EventKind
    from traceability.services import event_record

    product = make_product(stock=50)
    place({product: 3})
    lot = make_lot(product=product)
    event_record(lot=lot, actor=lot.created_by, kind=EventKind.HARVEST, occurred_at=days_ago(2))
    tables = [
        "catalog_product",
        "orders_order",
        "orders_orderline",
        "payments_payment",
        "traceability_lot",
        "traceability_traceevent",
        "accounts_user",
        "wagtailcore_page",
    ]
    source = database_url()
    target_name = f"{connection.settings_dict['NAME']}_restored"
    target = source.rsplit("/", 1)[0] + f"/{target_name}"
    admin = source.rsplit("/", 1)[0] + "/postgres"
    dump = tmp_path / "choso.dump"

    subprocess.run(["sh", DEPLOY / "backup.sh", source, dump], check=True)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        conn.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run(["sh", DEPLOY / "restore.sh", dump, target], check=True)
        expected = _counts(source, tables)
        assert expected["orders_orderline"] == 1 and expected["traceability_traceevent"] >= 1
        assert _counts(target, tables) == expected
        with psycopg.connect(target) as conn:
            stock = conn.execute("SELECT stock FROM catalog_product WHERE id = %s", [product.pk])
            assert stock.fetchone()[0] == 47
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
