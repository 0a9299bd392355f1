from io import StringIO

import polib
import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def _vietnamese_catalogs():
    base = settings.BASE_DIR
    return sorted(
        path
        for path in base.glob("**/locale/vi/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    )


def test_every_vietnamese_catalog_is_complete_and_compiled():
    catalogs = _vietnamese_catalogs()
    assert settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po" in catalogs
    for path in catalogs:
        catalog = polib.pofile(str(path))
        missing = [e.msgid for e in catalog if not e.translated() and not e.obsolete]
        assert missing == [], path
        fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
        assert fuzzy == [], path
        assert path.with_suffix(".mo").exists(), path
