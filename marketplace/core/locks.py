"""PostgreSQL advisory locks, for writers that must take turns on something no row stands for."""

from django.db import connection


def advisory_xact_lock(key: int, *, shared: bool = False) -> None:
    """Wait for the lock on `key`, held until the current transaction ends.

    Call it inside `transaction.atomic()`. SQLite takes one writer at a time already
    (from the transaction's first write); PostgreSQL needs telling."""
    if connection.vendor == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [key])
