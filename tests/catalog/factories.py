import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import (
    Category,
    CertificateStatus,
    DecisionSource,
    OcopCertificate,
    OcopDecision,
    Product,
    ProductStatus,
)
from marketplace.accounts.models import Role
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
    """A certificate as most tests need it: verified by a provincial administrator, so
    that it shows its stars. `CertificateFactory(status="pending")` is one just declared."""

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
    scan = factory.django.FileField(filename="ocop.pdf", data=b"%PDF-1.4 test")
    status = CertificateStatus.VERIFIED

    @factory.post_generation
    def refresh_product(self, create, extracted, **kwargs):
        if not create:
            return
        from catalog.services import product_stars_refresh

        if self.status != CertificateStatus.PENDING:
            from tests.accounts.factories import UserFactory

            decision = OcopDecision.objects.create(
                certificate=self,
                decision=self.status,
                reason="" if self.status == CertificateStatus.VERIFIED else "Sai số quyết định",
                actor=UserFactory(role=Role.ADMIN, display_name="Sở NN&MT"),
                source=DecisionSource.OFFICER,
            )
            OcopCertificate.objects.filter(pk=self.pk).update(last_decision=decision)
            self.last_decision = decision
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


def scan_upload(name="chung-nhan.pdf") -> SimpleUploadedFile:
    """A scan of a certificate as a seller sends it: a (tiny) PDF."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", "application/pdf")
