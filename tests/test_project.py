from io import StringIO

import polib
import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_vietnamese_catalog_is_complete():
    catalog = polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalog if not entry.translated() and not entry.obsolete]
    assert missing == []
    assert len(catalog.translated_entries()) > 50


@pytest.mark.django_db
def test_seed_demo_runs_twice_and_prints_a_login_per_role():
    from marketplace.accounts.models import User
    from marketplace.sellers.models import Seller

    first, second = StringIO(), StringIO()
    call_command("seed_demo", stdout=first)
    users, sellers = User.objects.count(), Seller.objects.count()
    call_command("seed_demo", stdout=second)
    assert (User.objects.count(), Seller.objects.count()) == (users, sellers)
    for role in ("admin", "officer", "buyer", "household", "coop_manager"):
        assert role in second.getvalue()
