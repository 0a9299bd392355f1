"""Demo products: real OCOP specialities of the demo communes, with generated photos."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from marketplace.core.text import fold

from .certificates import certificate_add, certificate_verify
from .models import Category, CertificateStatus, OcopCertificate, Product, ProductStatus
from .permissions import can_verify_certificate
from .services import product_create, product_photo_add

# seller, name, category slug, price, unit, stock, colour, OCOP (stars, decision, date, by)
DEMO_PRODUCTS = [
    (
        "hung",
        "Kẹo dừa Mỏ Cày",
        "banh-keo",
        45000,
        "box",
        120,
        (196, 140, 84),
        (4, "1520/QĐ-UBND", datetime.date(2024, 6, 12), "UBND tỉnh Bến Tre"),
    ),
    ("hung", "Kẹo dừa sầu riêng", "banh-keo", 50000, "box", 60, (222, 184, 92), None),
    (
        "hung",
        "Dầu dừa nguyên chất",
        "thuc-pham",
        90000,
        "bottle",
        30,
        (240, 230, 200),
        (3, "2105/QĐ-UBND", datetime.date(2021, 3, 1), "UBND tỉnh Bến Tre"),
    ),
    ("tam", "Bưởi da xanh Chợ Lách", "trai-cay", 65000, "kg", 200, (120, 170, 80), None),
    ("sang", "Chôm chôm Giồng Trôm", "trai-cay", 35000, "kg", 0, (200, 60, 60), None),
    (
        "coop",
        "Sầu riêng Ri6 Chợ Lách",
        "trai-cay",
        110000,
        "kg",
        80,
        (160, 150, 60),
        (4, "987/QĐ-UBND", datetime.date(2025, 2, 20), "UBND tỉnh Vĩnh Long"),
    ),
    (
        "nong",
        "Hạt dẻ Trùng Khánh",
        "cac-loai-hat",
        150000,
        "kg",
        50,
        (120, 80, 50),
        (4, "1873/QĐ-UBND", datetime.date(2024, 11, 5), "UBND tỉnh Cao Bằng"),
    ),
    (
        "ha",
        "Nước mắm Tam Quan",
        "nuoc-mam-gia-vi",
        120000,
        "bottle",
        150,
        (150, 90, 40),
        (5, "2411/QĐ-BNN", datetime.date(2025, 5, 15), "Bộ Nông nghiệp và Môi trường"),
    ),
    (
        "tuyet",
        "Chè Định Hóa",
        "tra",
        180000,
        "500g",
        90,
        (60, 120, 60),
        (4, "3310/QĐ-UBND", datetime.date(2024, 9, 9), "UBND tỉnh Thái Nguyên"),
    ),
]


def _photo(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A soft two-tone square with the product's initial: no downloaded picture needed."""
    size = 800
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    # A lighter disc on dark colours, a darker one on pale colours: the white initial
    # must stand out on both.
    pale = sum(colour) / 3 > 170
    disc = tuple(max(0, c - 90) if pale else min(255, c + 60) for c in colour)
    draw.ellipse((size * 0.15, size * 0.15, size * 0.85, size * 0.85), fill=disc)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 360)
    except OSError:
        font = ImageFont.load_default(size=360)
    initial = name[0].upper()
    box = draw.textbbox((0, 0), initial, font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), initial, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"{fold(name).replace(' ', '-')}.jpg", out.getvalue(), "image/jpeg")


def seed(context):
    actor = context.users["admin"]
    officer = context.users["officer"]
    made = 0
    for seller_key, name, slug, price, unit, stock, colour, ocop in DEMO_PRODUCTS:
        seller = context.sellers[seller_key]
        if Product.objects.filter(seller=seller, name=name).exists():
            continue
        producer = context.households["tam"] if seller_key == "coop" else None
        product = product_create(
            actor=actor,
            seller=seller,
            name=name,
            category=Category.objects.get(slug=slug),
            price=price,
            unit=unit,
            stock=stock,
            status=ProductStatus.LIVE,
            producer=producer,
            description=f"<p>{name}: đặc sản địa phương, làm theo cách truyền thống.</p>",
        )
        product_photo_add(actor=actor, product=product, upload=_photo(name, colour))
        if ocop:
            stars, number, date, authority = ocop
            certificate = certificate_add(
                actor=actor,
                product=product,
                stars=stars,
                product_group="beverages" if slug == "tra" else "food",
                decision_number=number,
                decision_date=date,
                issuing_authority=authority,
                scan=_photo(f"OCOP {number}", (250, 245, 230)),
            )
            # The demo officer verifies those of the communes they cover; the others
            # wait in the queue, as they would for an officer of their own province.
            if can_verify_certificate(officer, certificate):
                certificate_verify(actor=officer, certificate=certificate)
        made += 1
    context.extra["products"] = made
    expired = OcopCertificate.objects.filter(expires_on__lt=timezone.localdate()).count()
    pending = OcopCertificate.objects.filter(status=CertificateStatus.PENDING).count()
    context.log.append(
        f"catalog: {made} products made, {expired} expired and {pending} unverified certificate(s)"
    )
