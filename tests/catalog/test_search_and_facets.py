"""Word search (SQLite's FTS5 mirror, PostgreSQL's trigram index) and the cached counts."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import services
from catalog.models import Category
from catalog.search import FTS_TRIGGERS, sqlite_fts_repair
from marketplace.core.middleware import CONTROL
from tests.accounts.factories import UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db
URL = "/san-pham/"


def names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return sorted(p.name for p in response.context["page"].object_list)


def test_a_renamed_product_is_found_by_its_new_name_only(client):
    product = ProductFactory(name="Kẹo dừa Mỏ Cày")
    assert names(client, q="keo dua") == ["Kẹo dừa Mỏ Cày"]
    services.product_update(actor=UserFactory(), product=product, name="Mật ong Bến Tre")
    assert names(client, q="keo dua") == []
    assert names(client, q="mat ong") == ["Mật ong Bến Tre"]


def test_a_deleted_product_leaves_the_search(client):
    product = ProductFactory(name="Nước mắm Tam Quan")
    assert names(client, q="mam") == ["Nước mắm Tam Quan"]
    services.product_delete(actor=UserFactory(), product=product)
    assert names(client, q="mam") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ca phe", ["Cà phê Cầu Đất"]),  # "ca" is too short for a trigram
        ("phe ca", ["Cà phê Cầu Đất"]),  # any order
        ("dat", ["Cà phê Cầu Đất"]),
        ("e", sorted(["Cà phê Cầu Đất", "Chè Thái"])),
        ('"ca', ["Cà phê Cầu Đất"]),  # punctuation around a word is not part of it
        ('c"a', []),  # quotes inside one are text, not search syntax
        ('"ca phe,"', ["Cà phê Cầu Đất"]),
        ("ca* OR che", []),
    ],
)
def test_words_of_any_length_match_inside_names(client, query, found):
    ProductFactory(name="Cà phê Cầu Đất")
    ProductFactory(name="Chè Thái")
    assert names(client, q=query) == found


def test_counts_follow_a_new_product_at_once(client):
    ProductFactory(name="Bưởi da xanh")
    response = client.get(URL, {"q": "buoi"})
    assert response.context["page"].paginator.count == 1
    assert 'Bánh kẹo</a> <span class="muted">(1)' in response.content.decode()
    ProductFactory(name="Bưởi Năm Roi")
    response = client.get(URL, {"q": "buoi"})
    assert response.context["page"].paginator.count == 2
    assert 'Bánh kẹo</a> <span class="muted">(2)' in response.content.decode()
    assert sorted(p.name for p in response.context["page"].object_list) == [
        "Bưởi Năm Roi",
        "Bưởi da xanh",
    ]


def test_each_filters_counts_apply_the_other_filter(client):
    tea = Category.objects.get(slug="tra")
    CertificateFactory(product=ProductFactory(name="Trà A", category=tea), stars=5)
    CertificateFactory(product=ProductFactory(name="Kẹo B"), stars=3)
    ProductFactory(name="Kẹo C")
    response = client.get(URL, {"category": "do-uong", "stars": "4"})
    assert response.context["page"].paginator.count == 1
    categories = {c.slug: c.count for c in response.context["categories"]}
    assert categories == {"do-uong": 1}  # the candy has fewer than 4 stars
    assert dict(response.context["star_counts"]) == {3: 1, 4: 1, 5: 1}  # drinks only
    response = client.get(URL, {"category": "thuc-pham"})
    assert dict(response.context["star_counts"]) == {3: 1, 4: 0, 5: 0}
    assert response.context["page"].paginator.count == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 mirror is SQLite's")
def test_the_search_mirror_is_repaired_when_a_migration_drops_its_triggers(client):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS_TRIGGERS[0]}")
    assert sqlite_fts_repair(connection) is True
    ProductFactory(name="Hạt dẻ Trùng Khánh")
    assert names(client, q="hat de") == ["Hạt dẻ Trùng Khánh"]
    assert sqlite_fts_repair(connection) is False


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_no_search_text_breaks_the_catalog(client, query):
    ProductFactory(name="Kẹo dừa Mỏ Cày")
    # Control characters are refused before the catalog sees them (core.middleware).
    expected = 400 if CONTROL.search(query) else 200
    assert client.get(URL, {"q": query}).status_code == expected


def test_a_request_copies_no_form_field_nor_filter_deeply(client, monkeypatch):
    """Each request gets its own filters and fields one level deep (catalog.filters)."""
    import copy

    import django_filters
    from django import forms

    ProductFactory()
    client.get("/san-pham/")  # the form class is built once
    deep = []
    for cls in (forms.Field, forms.Widget, django_filters.Filter):

        def counting(self, memo, _cls=cls):
            deep.append(type(self).__name__)
            return copy.copy(self)

        monkeypatch.setattr(cls, "__deepcopy__", counting, raising=False)
    assert client.get("/san-pham/", {"stars": "4", "sort": "price"}).status_code == 200
    assert deep == []


def test_choices_set_for_one_request_do_not_leak_into_the_next(client):
    near = CommuneFactory()
    far = CommuneFactory(province=ProvinceFactory(code="52", name="Tỉnh Gia Lai"))
    ProductFactory(origin_commune=near)
    ProductFactory(origin_commune=far)
    narrowed = client.get("/san-pham/", {"province": near.province_id})
    communes = dict(narrowed.context["filter"].form.fields["commune"].choices)
    assert near.pk in communes and far.pk not in communes
    whole = client.get("/san-pham/")
    communes = dict(whole.context["filter"].form.fields["commune"].choices)
    assert {near.pk, far.pk} <= set(communes)
