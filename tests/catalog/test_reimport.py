"""Re-importing a sheet updates the products it matches instead of duplicating them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.importer import import_rows_match
from catalog.models import Product
from tests.catalog.factories import jpeg_upload
from tests.catalog.test_portal import shops  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SHEET = "tên,danh mục,giá,đơn vị,tồn kho\nKẹo dừa,Bánh kẹo,45.000,hộp,10\nBưởi,trai-cay,65000,kg,\n"


def _csv(text):
    return SimpleUploadedFile("sp.csv", text.encode(), "text/csv")


def _import(client, seller, text, **choices):
    url = reverse("portal:product_import", args=[seller.slug])
    preview = client.post(url, {"file": _csv(text)})
    assert preview.status_code == 200, preview.context.get("errors")
    return preview, client.post(url, {"payload": preview.context["payload"], **choices})


def test_same_sheet_twice_updates_instead_of_duplicating(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    _import(client, seller, SHEET)
    Product.objects.filter(seller=seller, name="Kẹo dừa").update(status="live")
    again = SHEET.replace("45.000", "50.000").replace("Kẹo dừa", "KẸO DUA")
    preview, done = _import(client, seller, again)
    assert preview.context["matched"] == 2
    page = preview.content.decode()
    assert page.count('value="update" checked') == 2 and "Đã có trong cửa hàng" in page
    assert done.status_code == 302
    products = Product.objects.filter(seller=seller)
    assert products.count() == 2
    candy = products.get(name="KẸO DUA")
    assert (candy.price, candy.status) == (50_000, "live")


def test_a_row_can_be_added_as_new_instead(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    _import(client, seller, SHEET)
    _import(client, seller, SHEET, **{"choice-2": "create"})
    assert Product.objects.filter(seller=seller, name="Kẹo dừa").count() == 2
    assert Product.objects.filter(seller=seller, name="Bưởi").count() == 1
    _import(client, seller, SHEET, all="create")
    assert Product.objects.filter(seller=seller).count() == 5


def test_a_code_column_matches_by_code_first(shops):  # noqa: F811
    _farmer, seller, *_ = shops
    from tests.catalog.factories import ProductFactory

    coded = ProductFactory(seller=seller, name="Bưởi năm roi", unit="kg", sku="B-01")
    same_name_other_code = ProductFactory(seller=seller, name="Cam", unit="kg", sku="C-01")
    rows = [
        {"name": "Bưởi năm roi loại 1", "unit": "kg", "sku": "b-01"},
        {"name": "Cam", "unit": "kg", "sku": "C-02"},
        {"name": "cam", "unit": "kg", "sku": ""},
        {"name": "Cam", "unit": "box", "sku": ""},
    ]
    assert import_rows_match(rows, seller=seller) == 2
    assert [r["match"] for r in rows] == [coded, None, same_name_other_code, None]


def test_match_ignores_archived_products_and_other_shops(shops):  # noqa: F811
    _farmer, seller, _seller_b, product_b, _c = shops
    from tests.catalog.factories import ProductFactory

    ProductFactory(seller=seller, name="Mít", unit="kg", status="archived")
    rows = [{"name": "Mít", "unit": "kg"}, {"name": product_b.name, "unit": product_b.unit}]
    assert import_rows_match(rows, seller=seller) == 0


def test_after_import_photos_and_publish_in_one_pass(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    _preview, done = _import(client, seller, SHEET)
    page = client.get(done.url)
    candy = Product.objects.get(seller=seller, name="Kẹo dừa")
    pomelo = Product.objects.get(seller=seller, name="Bưởi")
    assert f'name="photo-{candy.pk}"' in page.content.decode()
    response = client.post(
        done.url,
        {
            f"photo-{candy.pk}": jpeg_upload(),
            f"photo-{pomelo.pk}": SimpleUploadedFile("x.jpg", b"not a photo", "image/jpeg"),
            "publish": [candy.pk],
        },
    )
    assert response.status_code == 400  # the refused photo is shown on its row
    candy.refresh_from_db()
    pomelo.refresh_from_db()
    assert candy.images.count() == 1 and candy.status == "live"
    assert pomelo.images.count() == 0 and pomelo.status == "draft"


def test_after_import_page_shows_only_this_shops_products(client, shops):  # noqa: F811
    farmer, seller, _seller_b, product_b, _c = shops
    client.force_login(farmer)
    url = reverse("portal:products_imported", args=[seller.slug]) + f"?sp={product_b.pk},x,99999"
    page = client.get(url).content.decode()
    assert product_b.name not in page
    client.post(url, {"publish": [product_b.pk]})
    product_b.refresh_from_db()
    assert product_b.status == "live"  # as it was: not touched


def test_matching_a_sheet_takes_one_query(shops, django_assert_num_queries):  # noqa: F811
    _farmer, seller, *_ = shops
    from tests.catalog.factories import ProductFactory

    for n in range(5):
        ProductFactory(seller=seller, name=f"Bưởi {n}", unit="kg", sku=f"B-{n}")
    rows = [{"name": f"bưởi {n}", "unit": "kg", "sku": ""} for n in range(50)]
    with django_assert_num_queries(1):
        assert import_rows_match(rows, seller=seller) == 5


def test_the_same_code_twice_in_a_sheet_is_refused_without_an_error_page(client, shops):  # noqa: F811
    farmer, seller, *_ = shops
    client.force_login(farmer)
    sheet = (
        "ten,danh muc,gia,don vi,ma\nKẹo dừa,banh-keo,45.000,hop,K1\nKẹo gừng,banh-keo,40k,hop,K1\n"
    )
    preview, done = _import(client, seller, sheet)
    assert done.status_code == 400
    assert "Bạn đã có một sản phẩm với mã này." in done.content.decode()
    assert not Product.objects.filter(seller=seller).exists()


def test_after_import_page_query_count_does_not_grow_with_products(
    client,
    shops,  # noqa: F811
    django_assert_max_num_queries,
):
    farmer, seller, *_ = shops
    from tests.catalog.factories import ProductFactory

    ids = [ProductFactory(seller=seller, status="draft").pk for _ in range(20)]
    client.force_login(farmer)
    url = reverse("portal:products_imported", args=[seller.slug]) + "?sp=" + ",".join(map(str, ids))
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.content.decode().count('type="file"') == 20
