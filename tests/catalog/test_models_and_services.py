import datetime

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from catalog import photos, services
from catalog.models import Category, OcopCertificate, Product, ProductStatus, add_months
from marketplace.core.seo import SHARE_RENDITION
from marketplace.core.text import html_as_text
from tests.catalog.factories import CertificateFactory, ProductFactory, jpeg_upload
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def test_category_tree_has_the_six_ocop_groups_with_produce_under_food():
    top = set(Category.objects.filter(parent=None).values_list("slug", flat=True))
    assert {"thuc-pham", "do-uong", "thao-duoc", "thu-cong-my-nghe", "sinh-vat-canh"} <= top
    assert len(top) == 6
    assert Category.objects.get(slug="trai-cay").parent.slug == "thuc-pham"


def test_certificate_expires_36_months_after_decision():
    cert = CertificateFactory(decision_date=datetime.date(2024, 2, 29))
    assert cert.expires_on == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)


def test_certificate_stars_limited_to_three_to_five():
    product = ProductFactory()
    with pytest.raises(ValidationError):
        OcopCertificate(
            product=product,
            stars=2,
            product_group="food",
            decision_number="1",
            decision_date=datetime.date.today(),
            issuing_authority="UBND",
        ).full_clean(exclude=["expires_on"])


def test_description_is_sanitised():
    seller = make_household_seller()
    product = services.product_create(
        actor=seller.household.user or seller.created_by or _user(),
        seller=seller,
        name="Kẹo dừa",
        category=Category.objects.get(slug="banh-keo"),
        price=45000,
        unit="box",
        description='<p onclick="x()">Ngon <script>alert(1)</script><b>lắm</b></p>',
    )
    assert product.description == "<p>Ngon <b>lắm</b></p>"
    assert product.name_folded == "keo dua"
    assert product.slug == "keo-dua"


def _user():
    from tests.accounts.factories import UserFactory

    return UserFactory()


def test_ordered_product_is_archived_not_deleted():
    from marketplace.orders.models import Order, OrderLine, SellerOrder

    product = ProductFactory()
    order = Order.objects.create(
        name="Anh", phone="+84900000003", address="Ấp 1", commune=product.origin_commune
    )
    seller_order = SellerOrder.objects.create(
        order=order, seller=product.seller, number="CS-1", goods_total=50000, total=50000
    )
    OrderLine.objects.create(
        seller_order=seller_order,
        product=product,
        product_name=product.name,
        unit_price=50000,
        quantity=1,
    )
    assert services.product_delete(actor=_user(), product=product) is False
    product.refresh_from_db()
    assert product.status == ProductStatus.ARCHIVED


def test_never_ordered_product_can_be_deleted():
    product = ProductFactory()
    assert services.product_delete(actor=_user(), product=product) is True
    assert not Product.objects.filter(pk=product.pk).exists()


def test_photo_exif_is_stripped_and_renditions_made(django_capture_on_commit_callbacks):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.product_photo_add(
            actor=_user(), product=product, upload=jpeg_upload(exif=True)
        )
    with photo.image.file.open() as f, Image.open(f) as stored:
        assert not stored.getexif()
    renditions = photo.image.get_renditions(*photos.PHOTO_RENDITIONS)
    share = renditions.pop(SHARE_RENDITION)  # what chat apps show: a JPEG they all read
    assert share.file.name.endswith(".jpg") and share.width <= 1200
    assert abs(share.width / share.height - 1200 / 630) < 0.05  # cropped to the card's shape
    assert all(r.file.name.endswith(".webp") for r in renditions.values())
    assert max(r.width for r in renditions.values()) <= 1080


def test_non_image_is_refused_with_a_vietnamese_message():
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = ProductFactory()
    with pytest.raises(ValidationError) as exc:
        services.product_photo_add(
            actor=_user(),
            product=product,
            upload=SimpleUploadedFile("a.jpg", b"not an image at all", "image/jpeg"),
        )
    assert "không phải là ảnh" in exc.value.messages[0]


def test_decompression_bomb_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 1000
    product = ProductFactory()
    with pytest.raises(ValidationError) as exc:
        services.product_photo_add(
            actor=_user(), product=product, upload=jpeg_upload(size=(200, 200))
        )
    assert "quá nhiều điểm ảnh" in exc.value.messages[0]


def test_cooperative_producer_must_be_a_member():
    from tests.sellers.factories import HouseholdFactory, make_cooperative_seller

    member = HouseholdFactory()
    outsider = HouseholdFactory()
    coop = make_cooperative_seller(members=[member])
    category = Category.objects.get(slug="trai-cay")
    product = services.product_create(
        actor=_user(),
        seller=coop,
        name="Bưởi",
        category=category,
        price=1,
        unit="kg",
        producer=member,
    )
    assert product.producer == member
    with pytest.raises(ValidationError):
        services.product_create(
            actor=_user(),
            seller=coop,
            name="Bưởi 2",
            category=category,
            price=1,
            unit="kg",
            producer=outsider,
        )


def test_officer_act_is_recorded_as_assisted(officer, commune):
    from marketplace.sellers.models import AssistedAct

    seller = make_household_seller(commune=commune)
    services.product_create(
        actor=officer,
        seller=seller,
        name="Mật ong",
        category=Category.objects.get(slug="mat-ong"),
        price=200000,
        unit="bottle",
    )
    assert AssistedAct.objects.filter(
        actor=officer, seller=seller, action="product_create"
    ).exists()


def test_plain_description_becomes_paragraphs_and_back():
    html = services.description_sanitise("Kẹo ngon & rẻ\n\nBa đời\nở Mỏ Cày")
    assert html == "<p>Kẹo ngon &amp; rẻ</p><p>Ba đời<br>ở Mỏ Cày</p>"
    assert html_as_text("<p>Một</p><p>Hai<br>ba</p>") == "Một\n\nHai\nba"
