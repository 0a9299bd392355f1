"""TakeoverCode, DashboardRollup and DashboardRefresh moved out of training: their rows stay."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.regions.factories import CommuneFactory

BEFORE = [("training", "0003_attendance_withdrawal"), ("onboarding", None), ("dashboard", None)]
AFTER = [
    ("training", "0004_move_models_to_onboarding_and_dashboard"),
    ("onboarding", "0001_initial"),
    ("dashboard", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


# serialized_rollback: without it the flush after this test empties what migrations made
# and the content types come back under new ids, which breaks the transactional tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_before_the_move_are_read_after_it():
    commune = CommuneFactory()
    user, officer = UserFactory(), UserFactory()
    old = _migrate(BEFORE)
    old.get_model("training", "DashboardRollup").objects.create(
        commune_id=commune.pk, month=date(2026, 5, 1), roster=7, trained=3
    )
    old.get_model("training", "DashboardRefresh").objects.create(communes=1)
    old.get_model("training", "TakeoverCode").objects.create(
        user_id=user.pk,
        created_by_id=officer.pk,
        code_hash="x",
        expires_at=timezone.now() + timedelta(days=7),
    )

    new = _migrate(AFTER)

    rollup = new.get_model("dashboard", "DashboardRollup").objects.get()
    assert (rollup.commune_id, rollup.roster, rollup.trained) == (commune.pk, 7, 3)
    assert new.get_model("dashboard", "DashboardRefresh").objects.count() == 1
    assert new.get_model("onboarding", "TakeoverCode").objects.get().user_id == user.pk
