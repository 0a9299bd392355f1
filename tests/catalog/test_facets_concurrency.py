"""What only PostgreSQL can prove of the kept facet counts: readers and queued rebuilds
that arrive together after a star expiry rebuild the counts once."""

import datetime as dt

import pytest

from catalog import facets
from catalog.models import FacetCountState
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.conftest import VIET_NAM
from tests.orders.test_concurrency import run_concurrently

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def rebuilds(monkeypatch):
    """How many whole recounts ran, in any thread."""
    counted = []
    recount = facets._rows_and_expiry

    def counting(products, today):
        counted.append(today)
        return recount(products, today)

    monkeypatch.setattr(facets, "_rows_and_expiry", counting)
    return counted


@pytest.fixture
def expired(clock, commune):
    product = ProductFactory(origin_commune=commune)
    certificate = CertificateFactory(product=product, stars=5)
    facets.facet_counts_rebuild()
    clock.move_to(
        dt.datetime.combine(certificate.expires_on, dt.time(9, 0), tzinfo=VIET_NAM)
        + dt.timedelta(days=1)
    )
    return product


def test_eight_concurrent_first_readers_cause_one_rebuild(expired, rebuilds):
    results = run_concurrently([facets.facet_rows] * 8, workers=8)
    assert len(rebuilds) == 1
    # Readers that came before the rebuild finished served the last counts; none failed.
    assert all(
        rows in {((expired.category_id, 5, 1),), ((expired.category_id, 0, 1),)} for rows in results
    )
    assert facets.facet_rows() == ((expired.category_id, 0, 1),)
    assert FacetCountState.objects.get().valid_through == facets.FOREVER  # no stars left


def test_rebuilds_queued_side_by_side_count_once(expired, rebuilds):
    results = run_concurrently([facets.facet_counts_refresh.call] * 8, workers=8)
    assert len(rebuilds) == 1
    assert len(set(results)) == 1  # each returns the rows there are
