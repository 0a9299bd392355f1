"""Dashboard refresh as a background task (the nightly full refresh is a systemd timer)."""

import logging

from django.db import DatabaseError, transaction
from django_tasks import task

from .rollup import rollup_refresh

logger = logging.getLogger(__name__)


@task()
def dashboard_refresh(commune_ids: list[int] | None = None) -> int:
    """Rebuild the rollup of `commune_ids` (all communes when None); returns how many.

    The officer's write is already committed: a failed refresh (e.g. two at once) must
    not turn it into an error; the next refresh catches up."""
    try:
        return rollup_refresh(commune_ids=commune_ids)
    except DatabaseError:
        logger.exception("Dashboard refresh failed for communes %s", commune_ids)
        return 0


def rollup_refresh_later(commune_ids) -> None:
    """Refresh the communes' figures once the current transaction has committed."""
    ids = sorted(set(commune_ids))
    transaction.on_commit(lambda: dashboard_refresh.enqueue(ids))
