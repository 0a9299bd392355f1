import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import Category, OcopCertificate, Product, ProductStatus
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller


class ProductFactory(factory.django.DjangoModelFactory):
    """The one product factory of the suite; the apps' `make_product` helpers call it.

    Slugs come from one sequence, apart from those `product_create` derives from names
    ("san-pham-1"), so products made anywhere in a test never share one.
    """

    class Meta:
        model = Product

    seller = factory.LazyFunction(make_household_seller)
    category = factory.LazyFunction(lambda: Category.objects.get(slug="banh-keo"))
    name = factory.Sequence(lambda n: f"Sản phẩm {n}")
    slug = factory.Sequence(lambda n: f"san-pham-thu-{n}")
    price = 50000
    stock = 10
    status = ProductStatus.LIVE
    origin_commune = factory.LazyAttribute(lambda o: o.seller.commune or CommuneFactory())


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    stars = 4
    product_group = "food"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=30)
    )
    issuing_authority = "UBND tỉnh Vĩnh Long"

    @factory.post_generation
    def refresh_product(self, create, extracted, **kwargs):
        if create:
            from catalog.services import product_stars_refresh

            product_stars_refresh(product=self.product)


def jpeg_upload(name="anh.jpg", size=(64, 48), exif=False) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {2: (10, 20, 30)}  # GPS
        kwargs["exif"] = data.tobytes()
    image.save(out, "JPEG", **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")
