"""A recall of the lot on sale (the product's newest lot) takes the product off sale
through the catalog's service; a new sound lot puts it back."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from catalog import selectors as catalog_selectors
from catalog.models import Product
from tests.traceability.factories import make_lot, make_product
from traceability.selectors import lot_on_sale
from traceability.services import lot_recall, lot_split

pytestmark = pytest.mark.django_db


def recall(lot, reason="Dư lượng thuốc trừ sâu vượt mức"):
    return lot_recall(lot=lot, actor=lot.seller.household.user, reason=reason)


def test_recalling_the_lot_on_sale_marks_the_product_with_its_reason_and_lot():
    product = make_product(stock=50)
    lot = make_lot(product=product)
    recall(lot)
    product.refresh_from_db()
    assert product.on_recall and not product.is_purchasable
    assert product.recall_reason == "Dư lượng thuốc trừ sâu vượt mức"
    assert product.recall_trace_code == lot.code
    assert product.status == "live" and product.stock == 50  # nothing else changes


def test_a_product_on_recall_leaves_every_listing_and_the_catalog_cache_follows():
    product = make_product(stock=50)
    other = make_product(stock=5)
    lot = make_lot(product=product)
    listed = catalog_selectors.product_list()
    facets = catalog_selectors.product_facets(queryset=listed, filters_key="all")
    assert facets.total(category_ids=None, min_stars=None) == 2
    page = catalog_selectors.product_page(queryset=listed, offset=0, limit=24, filters_key="all")
    assert {p.pk for p in page} == {product.pk, other.pk}
    version = catalog_selectors.catalog_version()

    recall(lot)

    assert catalog_selectors.catalog_version() != version
    listed = catalog_selectors.product_list()
    facets = catalog_selectors.product_facets(queryset=listed, filters_key="all")
    assert facets.total(category_ids=None, min_stars=None) == 1
    page = catalog_selectors.product_page(queryset=listed, offset=0, limit=24, filters_key="all")
    assert [p.pk for p in page] == [other.pk]
    assert product.pk not in {p.pk for p in catalog_selectors.home_highlights()["highlights"]}
    assert catalog_selectors.product_detail(slug=product.slug).on_recall


def test_recalling_an_older_lot_leaves_the_product_on_sale():
    product = make_product()
    old = make_lot(product=product)
    make_lot(product=product)
    recall(old)
    product.refresh_from_db()
    assert not product.on_recall


def test_a_new_sound_lot_puts_the_product_back_on_sale():
    product = make_product()
    recall(make_lot(product=product))
    make_lot(product=product)
    product.refresh_from_db()
    assert not product.on_recall and product.recall_reason == "" and product.recall_trace_code == ""
    assert product in catalog_selectors.product_list()


def test_recalling_a_lot_recalls_its_packed_lots_and_the_product():
    product = make_product()
    lot = make_lot(product=product)
    packs = lot_split(
        lot=lot, actor=lot.seller.household.user, parts=[Decimal(60), Decimal(60)], unit="kg"
    )
    assert lot_on_sale(product_id=product.pk).pk == packs[-1].pk
    recall(lot)
    product.refresh_from_db()
    assert product.on_recall and product.recall_trace_code == packs[-1].code


def test_lot_on_sale_is_one_query(django_assert_num_queries):
    product = make_product()
    make_lot(product=product)
    newest = make_lot(product=product)
    with django_assert_num_queries(1):
        assert lot_on_sale(product_id=product.pk).pk == newest.pk
    with django_assert_num_queries(1):
        assert lot_on_sale(product_id=0) is None


def test_the_migration_marks_products_whose_lot_on_sale_was_recalled_before_it():
    product, fine = make_product(), make_product()
    lot = make_lot(product=product)
    make_lot(product=fine)
    recall(lot)
    Product.objects.update(on_recall=False, recall_reason="", recall_trace_code="")
    migration = importlib.import_module("traceability.migrations.0002_products_on_recall_backfill")
    migration.backfill(apps, None)
    product.refresh_from_db()
    fine.refresh_from_db()
    assert product.on_recall and product.recall_trace_code == lot.code
    assert not fine.on_recall


def test_an_older_lots_trace_page_offers_no_buy_button_while_the_product_is_on_recall(client):
    product = make_product()
    old = make_lot(product=product)
    assert "Mua sản phẩm này" in client.get(f"/t/{old.code}/").content.decode()
    recall(make_lot(product=product))
    assert "Mua sản phẩm này" not in client.get(f"/t/{old.code}/").content.decode()


def test_the_seller_sees_in_the_portal_that_the_product_is_off_sale(client):
    product = make_product()
    recall(make_lot(product=product))
    client.force_login(product.seller.household.user)
    shop = client.get(f"/cua-hang-cua-toi/{product.seller.slug}/").content.decode()
    assert "Đang thu hồi: không bán" in shop
    edit = client.get(f"/cua-hang-cua-toi/{product.seller.slug}/san-pham/{product.pk}/")
    assert "lô hàng mới nhất của nó đã bị thu hồi" in edit.content.decode()
