import pytest
from django.db import connection

from tests.catalog.factories import ProductFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_folded_search_uses_the_trigram_index():
    ProductFactory(name="Nước mắm Tam Quan")
    from catalog.filters import ProductFilter
    from catalog.selectors import product_list

    qs = ProductFilter({"q": "mam"}, queryset=product_list()).qs
    assert [p.name for p in qs] == ["Nước mắm Tam Quan"]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in cursor.execute(
                "EXPLAIN SELECT id FROM catalog_product WHERE search_folded LIKE %s", ["%mam%"]
            ).fetchall()
        )
    assert "catalog_product_search_folded_trgm" in plan, plan


def test_near_names_are_read_nearest_first_from_the_trigram_index():
    from catalog.suggestions import product_names_near

    ProductFactory(name="Kẹo dừa Bến Tre")
    ProductFactory(name="Dầu dừa")
    assert product_names_near(text="keo dau") == ["Kẹo dừa Bến Tre"]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM catalog_product ORDER BY %s <<-> name_folded LIMIT 20",
            ["keo dau"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_product_name_folded_trgm_gist" in plan, plan
