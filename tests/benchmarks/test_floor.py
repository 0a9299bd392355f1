"""The floor pages as the catalog does, so that page N is compared with page N."""

import pytest
from django.test import override_settings

from tests.catalog.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_floor_urls")]


@pytest.fixture
def _floor_urls():
    with override_settings(ROOT_URLCONF="tests.benchmarks.floor"):
        yield


def test_page_two_is_the_next_24_and_past_the_end_is_the_last(client):
    names = [ProductFactory(name=f"Bưởi {n:02d}").name for n in range(30)]
    oldest_six = names[:6]
    page_two = client.get("/floor/?page=2").text
    assert all(name in page_two for name in oldest_six)
    assert names[-1] not in page_two and "30 products, page 2" in page_two
    assert client.get("/floor/?page=99").text == page_two
    assert "page 1" in client.get("/floor/?page=abc").text
