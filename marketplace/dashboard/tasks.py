"""Dashboard refresh as a background task (the nightly full refresh is a systemd timer)."""

import logging
import threading

from django.db import DatabaseError, transaction
from django_tasks import task

from .rollup import rollup_refresh

logger = logging.getLogger(__name__)

ALL = "all"


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


class _Pending(threading.local):
    def __init__(self):
        self.ids: set = set()


_pending = _Pending()


def _flush() -> None:
    ids, _pending.ids = _pending.ids, set()
    if not ids:
        return  # an earlier callback of the same transaction took them
    dashboard_refresh.enqueue(None if ALL in ids else sorted(ids))


def rollup_refresh_later(commune_ids=None) -> None:
    """Refresh the communes' figures (all when None) once the transaction has committed.

    Every event of one transaction (an import of 500 rows, an order delivered with
    lines from ten producers) ends in a single refresh: the first callback to run takes
    every commune gathered so far, the others find nothing left. Ids gathered by a
    transaction that rolled back only add a little work to the next refresh (which
    skips communes that no longer exist)."""
    ids = {ALL} if commune_ids is None else {pk for pk in commune_ids if pk is not None}
    if not ids:
        return
    _pending.ids |= ids
    transaction.on_commit(_flush)
