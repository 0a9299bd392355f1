"""Named cache versions: part of the keys of everything cached from what the name covers.

`bump(name)` when that data changes starts a new version, so nothing cached under
the old one is read again; there is nothing to find and delete. The catalog's caches
follow "catalog" (catalog.selectors), the lot pages "lots" (traceability.services).
"""

import time

from django.core.cache import cache
from django.db import transaction


def current(name: str) -> str:
    key = f"version:{name}"
    version = cache.get(key)
    if version is None:
        version = str(time.time_ns())
        cache.add(key, version, None)
        version = cache.get(key, version)
    return str(version)


def bump(name: str) -> None:
    """A new version now, and again once the transaction commits.

    Now, so that the writer's own next read (and a test, which never commits) sees
    the change; after commit, because a page rendered meanwhile by another process
    may have cached the old rows under the first new version.
    """
    _set(name)
    transaction.on_commit(lambda: _set(name))


def _set(name: str) -> None:
    cache.set(f"version:{name}", str(time.time_ns()), None)
