import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product
from marketplace.accounts.models import Role
from marketplace.sellers.models import AssistedAct
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    farmer_a = UserFactory(role=Role.HOUSEHOLD)
    seller_a = make_household_seller(user=farmer_a)
    seller_b = make_household_seller(
        user=UserFactory(role=Role.HOUSEHOLD), commune=CommuneFactory()
    )
    product_b = ProductFactory(seller=seller_b)
    certificate = CertificateFactory(product=product_b)
    return farmer_a, seller_a, seller_b, product_b, certificate


def portal_urls(seller, product, certificate):
    s, p = seller.slug, product.pk
    photo_pk = 1
    return [
        ("get", reverse("portal:shop", args=[s])),
        ("get", reverse("portal:details", args=[s])),
        ("post", reverse("portal:details", args=[s])),
        ("get", reverse("portal:product_import", args=[s])),
        ("get", reverse("portal:product_create", args=[s])),
        ("post", reverse("portal:product_create", args=[s])),
        ("get", reverse("portal:product_edit", args=[s, p])),
        ("post", reverse("portal:product_edit", args=[s, p])),
        ("post", reverse("portal:product_archive", args=[s, p])),
        ("post", reverse("portal:photo_add", args=[s, p])),
        ("post", reverse("portal:photo_remove", args=[s, p, photo_pk])),
        ("post", reverse("portal:certificate_add", args=[s, p])),
        ("post", reverse("portal:certificate_remove", args=[s, p, certificate.pk])),
        ("get", reverse("portal:storefront_edit", args=[s])),
        ("post", reverse("portal:storefront_edit", args=[s])),
        ("post", reverse("portal:storefront_decide", args=[s])),
    ]


def _assert_refused(client, seller_b, product_b, certificate, codes=(403, 404)):
    for method, url in portal_urls(seller_b, product_b, certificate):
        response = getattr(client, method)(url, {"name": "x", "price": "1", "story": "x"})
        assert response.status_code in codes, (method, url, response.status_code)
    product_b.refresh_from_db()
    assert product_b.status == "live" and product_b.name != "x"
    assert product_b.certificates.count() == 1


def test_seller_a_cannot_touch_seller_b(client, shops):
    farmer_a, seller_a, seller_b, product_b, certificate = shops
    client.force_login(farmer_a)
    _assert_refused(client, seller_b, product_b, certificate)
    # B's product under A's own shop URL: not found.
    for method, url in portal_urls(seller_a, product_b, certificate)[6:13]:
        assert getattr(client, method)(url).status_code == 404, url


def test_officer_outside_area_refused(client, shops):
    _, _, seller_b, product_b, certificate = shops
    client.force_login(OfficerFactory(communes=[CommuneFactory()]))
    _assert_refused(client, seller_b, product_b, certificate)


def test_buyer_refused(client, shops):
    _, _, seller_b, product_b, certificate = shops
    client.force_login(UserFactory())
    assert client.get(reverse("portal:home")).status_code == 403
    _assert_refused(client, seller_b, product_b, certificate)


def test_anonymous_sent_to_login(client, shops):
    _, _, seller_b, product_b, certificate = shops
    _assert_refused(client, seller_b, product_b, certificate, codes=(302,))


def test_farmer_adds_product_with_photo(client, shops):
    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    response = client.get(reverse("portal:home"))
    assert response.url == reverse("portal:shop", args=[seller_a.slug])
    response = client.post(
        reverse("portal:product_create", args=[seller_a.slug]),
        {
            "name": "Kẹo dừa",
            "category": 5,
            "price": "45000",
            "unit": "box",
            "stock": "10",
            "status": "live",
            "description": "Ngon",
            "photo": jpeg_upload(),
        },
    )
    product = Product.objects.get(seller=seller_a)
    assert response.status_code == 302
    assert product.images.count() == 1 and product.is_live
    assert not AssistedAct.objects.filter(seller=seller_a).exists()


def test_officer_in_area_acts_and_is_logged(client, shops):
    _, _, seller_b, product_b, _ = shops
    officer = OfficerFactory(communes=[seller_b.commune])
    client.force_login(officer)
    url = reverse("portal:product_archive", args=[seller_b.slug, product_b.pk])
    assert client.post(url).status_code == 302
    product_b.refresh_from_db()
    assert product_b.status == "archived"
    assert AssistedAct.objects.filter(actor=officer, action="product_archive").exists()


def test_bank_details_form(client, shops):
    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    url = reverse("portal:details", args=[seller_a.slug])
    bad = client.post(url, {"bank_bin": "12", "bank_account_number": "x"})
    assert bad.status_code == 200
    ok = client.post(
        url, {"bank_bin": "970405", "bank_account_number": "123456789", "bank_account_name": "HUNG"}
    )
    assert ok.status_code == 302
    seller_a.refresh_from_db()
    assert seller_a.bank_bin == "970405"


def _csv(text, encoding="utf-8"):
    return SimpleUploadedFile("sp.csv", text.encode(encoding), "text/csv")


def test_import_preview_then_confirm(client, shops):
    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    url = reverse("portal:product_import", args=[seller_a.slug])
    data = (
        "tên,danh mục,giá,đơn vị,tồn kho\nKẹo dừa,Bánh kẹo,45.000,hộp,10\nBưởi,trai-cay,65000,kg,\n"
    )
    preview = client.post(url, {"file": _csv(data)})
    assert len(preview.context["rows"]) == 2
    assert not Product.objects.filter(seller=seller_a).exists()
    client.post(url, {"payload": preview.context["payload"]})
    assert Product.objects.filter(seller=seller_a, status="draft").count() == 2


def test_import_row_errors_in_vietnamese_and_nothing_saved(client, shops):
    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    url = reverse("portal:product_import", args=[seller_a.slug])
    rows = "".join("Kẹo,banh-keo,1000,hop,1\n" for _ in range(5))
    data = "ten,danh muc,gia,don vi\n" + rows + "Kẹo,banh-keo,abc,hop\n"
    response = client.post(url, {"file": _csv(data)})
    assert "dòng 7: giá: “abc” không phải là số tiền" in " ".join(response.context["errors"])
    assert "payload" not in response.context
    assert not Product.objects.filter(seller=seller_a).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("ten,gia\nBưởi,1\n", "utf-16"), "UTF-8"),
        (_csv(""), "rỗng"),
        (_csv("ten,danh muc,gia,don vi,mau sac\nA,banh-keo,1,kg,do\n"), "mau sac"),
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "xlsx"),
        (SimpleUploadedFile("a.pdf", b"%PDF"), ".csv"),
    ],
)
def test_import_bad_files_get_a_clear_message(client, shops, upload, message):
    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    response = client.post(reverse("portal:product_import", args=[seller_a.slug]), {"file": upload})
    assert message in " ".join(response.context["form"].errors["file"])


def test_import_xlsx(client, shops):
    from openpyxl import Workbook

    farmer_a, seller_a, *_ = shops
    client.force_login(farmer_a)
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên", "Danh mục", "Giá", "Đơn vị", "Tồn kho"])
    sheet.append(["Hạt dẻ", "Các loại hạt", 150000, "kg", 5])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("sp.xlsx", out.getvalue())
    response = client.post(reverse("portal:product_import", args=[seller_a.slug]), {"file": upload})
    assert response.context["errors"] == []
    assert response.context["rows"][0]["price"] == 150000
