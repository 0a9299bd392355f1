"""The search reads product, category (both languages), seller and place names."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalog import selectors, services
from catalog.models import Category, Product
from tests.catalog.factories import ProductFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db
URL = "/san-pham/"


def names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return sorted(p.name for p in response.context["page"].object_list)


@pytest.fixture
def tea_and_sweets():
    gia_lai = ProvinceFactory(code="64", name="Tỉnh Gia Lai")
    tea = ProductFactory(
        name="Shan tuyết cổ thụ",
        category=Category.objects.get(slug="tra"),
        seller=make_cooperative_seller(commune=CommuneFactory(name="Xã Chợ Lách")),
    )
    sweets = ProductFactory(
        name="Kẹo dừa",
        seller=make_household_seller(
            commune=CommuneFactory(name="Xã An Nhơn", province=gia_lai), head_name="Lê Thị Hoa"
        ),
    )
    return tea, sweets


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("trà", ["Shan tuyết cổ thụ"]),  # its category, with diacritics
        ("tra", ["Shan tuyết cổ thụ"]),  # and without
        ("do uong", ["Shan tuyết cổ thụ"]),  # the category's parent
        ("tea", ["Shan tuyết cổ thụ"]),  # the category's English name
        ("HTX", ["Shan tuyết cổ thụ"]),  # the seller, a cooperative
        ("cho lach", ["Shan tuyết cổ thụ"]),  # the commune
        ("gia lai", ["Kẹo dừa"]),  # the province
        ("vinh long", ["Shan tuyết cổ thụ"]),
        ("keo gia lai", ["Kẹo dừa"]),  # words from different names
        ("tea gia lai", []),  # every word must match the same product
    ],
)
def test_search_reads_category_seller_and_place_names(client, tea_and_sweets, query, expected):
    assert names(client, q=query) == expected


def test_a_renamed_category_seller_commune_or_province_is_found_by_its_new_name(client):
    product = ProductFactory(name="Bưởi", seller=make_household_seller(head_name="Lê Thị Hoa"))
    category = Category.objects.get(slug="banh-keo")
    category.name_en = "Confectionery"
    category.save()
    assert names(client, q="confectionery") == ["Bưởi"]
    seller = product.seller
    seller.name = "Vườn Bưởi Năm Roi"
    seller.save()
    assert names(client, q="nam roi") == ["Bưởi"]
    commune = product.origin_commune
    commune.name = "Xã Tân Thành"
    commune.save()
    assert names(client, q="tan thanh") == ["Bưởi"]
    province = commune.province
    province.name = "Tỉnh Bến Tre"
    province.save()
    assert names(client, q="ben tre") == ["Bưởi"]
    assert names(client, q="vinh long") == []


def test_a_seller_saved_without_its_name_leaves_the_products_alone():
    product = ProductFactory()
    with CaptureQueriesContext(connection) as queries:
        product.seller.save(update_fields=["phone"])
    assert len(queries) == 1


def test_search_text_refresh_rewrites_only_what_changed_in_a_fixed_number_of_queries():
    products = [ProductFactory() for _ in range(5)]
    Product.objects.filter(pk=products[0].pk).update(search_folded="cu")
    with CaptureQueriesContext(connection) as queries:
        changed = services.product_search_text_refresh(products=Product.objects.all())
    assert changed == 1
    # select with the names joined, one UPDATE (SQLite wraps it in a savepoint or not).
    assert len(queries) <= 4
    assert Product.objects.get(pk=products[0].pk).search_folded == products[0].search_text()


def test_search_text_refresh_query_count_does_not_grow_with_products():
    for _ in range(3):
        ProductFactory()
    Product.objects.update(search_folded="")
    with CaptureQueriesContext(connection) as few:
        services.product_search_text_refresh(products=Product.objects.all())
    for _ in range(12):
        ProductFactory()
    Product.objects.update(search_folded="")
    with CaptureQueriesContext(connection) as many:
        services.product_search_text_refresh(products=Product.objects.all())
    assert len(many) == len(few)


def test_category_suggestions_whole_words_first_in_both_languages(django_assert_num_queries):
    selectors.categories_all()  # cached, as on every catalog page
    with django_assert_num_queries(0):
        assert [c.slug for c in selectors.category_suggestions(words=["tra", "sua"])] == [
            "tra",
            "trai-cay",
        ]
        assert [c.slug for c in selectors.category_suggestions(words=["coffee"])] == ["ca-phe"]
        assert selectors.category_suggestions(words=["x"]) == []
        assert selectors.category_suggestions(words=[]) == []


def test_no_result_suggests_categories_and_shows_new_products(
    client, django_assert_max_num_queries
):
    ProductFactory(name="Kẹo dừa")
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "trà sữa"})
    assert response.context["page"].paginator.count == 0
    assert [c.slug for c in response.context["suggested_categories"]][:1] == ["tra"]
    assert [p.name for p in response.context["newest"]] == ["Kẹo dừa"]
    html = response.content.decode()
    assert 'href="/san-pham/?category=tra"' in html
    assert "Sản phẩm mới" in html


def test_a_page_with_results_offers_no_suggestion(client):
    ProductFactory(name="Kẹo dừa")
    response = client.get(URL, {"q": "keo"})
    assert response.context["suggested_categories"] == []
    assert response.context["newest"] == []


def test_category_names_in_english_under_en_with_vietnamese_fallback(client):
    ProductFactory(name="Kẹo dừa", slug="keo-dua")
    Category.objects.filter(slug="thuc-pham").update(name_en="")
    html = client.get("/en/san-pham/").content.decode()
    assert "Cakes and sweets" in html and "Bánh kẹo" not in html
    assert "Thực phẩm" in html  # no English name: the Vietnamese one
    page = client.get("/en/san-pham/keo-dua/").content.decode()
    assert "Cakes and sweets</a>" in page
    with translation.override("vi"):
        assert Category.objects.get(slug="banh-keo").display_name == "Bánh kẹo"
    with translation.override("en"):
        assert Category.objects.get(slug="banh-keo").display_name == "Cakes and sweets"


def test_search_text_refresh_command_catches_up_after_a_bulk_rename(client):
    from django.core.management import call_command

    from marketplace.regions.models import Commune

    product = ProductFactory(name="Bưởi")
    Commune.objects.filter(pk=product.origin_commune_id).update(name="Xã Phú Túc")
    assert names(client, q="phu tuc") == []
    out = io.StringIO()
    call_command("search_text_refresh", stdout=out)
    assert "1 products" in out.getvalue()
    assert names(client, q="phu tuc") == ["Bưởi"]


def test_admin_cannot_delete_a_category_with_products_and_gets_a_message(client):
    from tests.accounts.factories import UserFactory

    ProductFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    category = Category.objects.get(slug="banh-keo")
    url = f"/admin/snippets/catalog/category/delete/{category.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert Category.objects.filter(pk=category.pk).exists()
    assert "Loại hàng này còn sản phẩm" in response.content.decode()
    client.post(f"/admin/snippets/catalog/category/edit/{category.pk}/", {
        "name": "Bánh kẹo", "name_en": "Sweets", "slug": "banh-keo",
        "parent": category.parent_id, "position": 4,
    })  # fmt: skip
    assert Category.objects.get(pk=category.pk).name_en == "Sweets"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tra", ["Bánh Trà Vinh", "Chè búp"]),  # a category's word: whole words only
        ("trai", ["Bưởi"]),
        ("trà xanh", []),
        ("buoi", ["Bưởi"]),
        ("uoi", ["Bưởi"]),  # not a category's word: anywhere, as before
    ],
)
def test_a_word_that_names_a_category_matches_whole_words_only(client, query, expected):
    seller = make_household_seller(head_name="Lê Thị Hoa")
    ProductFactory(name="Chè búp", category=Category.objects.get(slug="tra"), seller=seller)
    ProductFactory(name="Bưởi", category=Category.objects.get(slug="trai-cay"), seller=seller)
    ProductFactory(name="Bánh Trà Vinh", seller=seller)
    assert names(client, q=query) == expected


def test_search_text_has_a_space_at_both_ends():
    product = ProductFactory(name="Kẹo dừa")
    assert product.search_folded.startswith(" keo dua ") and product.search_folded.endswith(" ")
