"""A search too long is cut and still searched; a misspelt one is offered near names."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from catalog import services
from catalog.filters import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, query_shortened
from catalog.models import Category
from catalog.suggestions import NAMES_COMPARED, _near_by_difflib, product_names_near
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db
URL = "/san-pham/"
PASTED = (
    "Kẹo dừa Bến Tre Mỏ Cày, loại ngon nhất, tôi muốn mua hai hộp gửi về Hà Nội cho "
    "mẹ, giao trước Tết được không shop ơi, nếu được thì gói giấy đỏ giúp mình với, "
    "cảm ơn shop nhiều lắm, mình sẽ giới thiệu cho bạn bè cùng mua nữa nhé, chúc shop "
    "buôn bán đắt hàng, năm mới an khang thịnh vượng, vạn sự như ý nhé shop ơi!!"
)


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def names(response):
    return sorted(p.name for p in response.context["page"].object_list)


def test_a_query_is_cut_between_words_to_what_a_search_takes():
    assert len(PASTED) > 300
    assert query_shortened(PASTED) == "Kẹo dừa Bến Tre Mỏ Cày,"
    eleven = " ".join(["nuoc"] * 11)
    assert query_shortened(eleven) == " ".join(["nuoc"] * MAX_QUERY_WORDS)
    long_words = " ".join(["a" * 40] * 3)
    assert query_shortened(long_words) == " ".join(["a" * 40] * 2)  # 81 fits, 122 does not
    assert query_shortened("x" * 500) == "x" * MAX_QUERY_LENGTH
    assert query_shortened("  keo   dua ") == "keo dua"


def test_a_pasted_paragraph_searches_its_first_words_and_says_so(client):
    ProductFactory(name="Kẹo dừa Bến Tre Mỏ Cày")
    ProductFactory(name="Mật ong")
    response = page(client, q=PASTED)
    assert names(response) == ["Kẹo dừa Bến Tre Mỏ Cày"]
    soup = BeautifulSoup(response.text, "html.parser")
    note = soup.select_one(".query-shortened").get_text()
    assert note == "Tìm với “Kẹo dừa Bến Tre Mỏ Cày,” (đã rút gọn: chỉ tìm theo mấy từ đầu)."
    assert soup.find("input", attrs={"name": "q"})["value"] == "Kẹo dừa Bến Tre Mỏ Cày,"
    assert [c.label for c in response.context["chips"]] == ["Tìm: Kẹo dừa Bến Tre Mỏ Cày,"]
    assert not response.context["filter"].form.errors  # no "not understood" line
    assert "không hiểu" not in response.text


def test_a_query_that_fits_gets_no_note(client):
    ProductFactory(name="Kẹo dừa")
    response = page(client, q="  kẹo   dừa ")
    assert names(response) == ["Kẹo dừa"]
    assert response.context["query_shortened"] is None
    assert "rút gọn" not in response.text


@pytest.fixture
def sweets():
    ProductFactory(name="Kẹo dừa Bến Tre")
    ProductFactory(name="Kẹo dừa Bến Tre")  # another shop's, same name: offered once
    ProductFactory(name="Dầu dừa", category=Category.objects.get(slug="tinh-dau"))
    ProductFactory(name="Nước mắm Tam Quan")


@pytest.mark.parametrize("typed", ["keo dau", "keo duaa", "Kẹo dưa Bến Tree"])
def test_a_misspelt_search_offers_the_nearest_names_and_each_finds_its_product(
    client, sweets, typed
):
    response = page(client, q=typed)
    assert names(response) == []
    offered = BeautifulSoup(response.text, "html.parser").select(".names-near a")
    assert [a.get_text() for a in offered] == ["Kẹo dừa Bến Tre"]
    assert "Có phải bạn muốn tìm" in response.text
    followed = client.get(offered[0]["href"])
    assert names(followed) == ["Kẹo dừa Bến Tre", "Kẹo dừa Bến Tre"]


def test_nothing_near_offers_no_name(client, sweets):
    response = page(client, q="xyzzy qwerty")
    assert not BeautifulSoup(response.text, "html.parser").select(".names-near")
    assert product_names_near(text="") == []


def test_few_results_offer_near_names_but_not_the_ones_found(client, sweets):
    ProductFactory(name="Kẹo dừa sáp")
    response = page(client, q="keo dua sap")
    assert names(response) == ["Kẹo dừa sáp"]
    offered = [
        a.get_text() for a in BeautifulSoup(response.text, "html.parser").select(".names-near a")
    ]
    assert "Kẹo dừa sáp" not in offered and "Kẹo dừa Bến Tre" in offered


def test_only_live_products_are_offered(sweets):
    hidden = ProductFactory(name="Kẹo dừa lá dứa", status="draft")
    archived = ProductFactory(name="Kẹo dừa sầu riêng", status="archived")
    recalled = ProductFactory(name="Kẹo dừa cacao")
    services.product_recall_mark(product_id=recalled.pk, reason="lô hỏng", trace_code="ABC")
    offered = product_names_near(text="keo duaa")
    assert "Kẹo dừa Bến Tre" in offered
    assert not {hidden.name, archived.name, recalled.name} & set(offered)


def test_a_renamed_product_is_offered_by_its_new_name_at_once(sweets):
    assert product_names_near(text="mat ongg") == []
    product = ProductFactory(name="Xoài")
    services.product_update(actor=UserFactory(), product=product, name="Mật ong rừng")
    assert product_names_near(text="mat ongg") == ["Mật ong rừng"]


def test_without_postgresql_the_newest_names_are_read_once_per_catalog_version(
    sweets, django_assert_num_queries, monkeypatch
):
    # SQLite's way, run on either database: difflib over the names read.
    cache.clear()
    with django_assert_num_queries(1):
        first = _near_by_difflib("keo dau")
    with django_assert_num_queries(0):
        assert _near_by_difflib("keo dau") == first
    assert [name for _folded, name in first] == ["Kẹo dừa Bến Tre"]
    assert NAMES_COMPARED >= 5000
    monkeypatch.setattr("catalog.suggestions.NAMES_COMPARED", 1)
    cache.clear()
    assert _near_by_difflib("nuoc mamm") == [("nuoc mam tam quan", "Nước mắm Tam Quan")]
    assert _near_by_difflib("keo dau") == []  # beyond the newest names compared
