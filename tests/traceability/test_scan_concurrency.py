import threading

import pytest
from django.db import connection

from tests.traceability.factories import make_lot
from traceability.services import lot_scan_count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_scans_are_all_counted():
    """Scans from many phones at once: the F() increment loses none (no read-modify-write)."""
    lot = make_lot()
    barrier = threading.Barrier(8)

    def scan():
        barrier.wait()
        for _ in range(5):
            lot_scan_count(code=lot.code)
        connection.close()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lot.refresh_from_db()
    assert lot.scan_count == 40
