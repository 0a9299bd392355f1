"""Phone photos for measuring the pages as sellers fill them: JPEGs of 2-4 MB.

The demo's photos are flat 800 px squares of a few KB; a photo taken with a phone is
4000 x 3000 px and weighs 2-4 MB. `phone_photo` draws one from a seed, the same bytes
every time: soft colour fields, shapes with edges, and grain at three scales, so that
the JPEG at quality 92 weighs what a camera's does and the renditions still have detail
to encode (grain at one scale only would average away when the photo is shrunk).

`phone_photos_give` puts such photos on the pages `loadtest/lighthouse.py` measures,
through the services sellers use from the portal: the upload checks, the re-encoding
and the renditions made after the commit are the real ones. Pillow only: it runs with
the site's packages, and tests use it too.
"""

import datetime as dt
import io
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PHONE_SIZE = (4000, 3000)
PHONE_QUALITY = 92
# Grain amplitude (of 128) at 1/16, 1/4 and full size: tuned so that a 4000 x 3000
# photo weighs 2.5-3.5 MB at quality 92, like a mid-range phone's.
GRAIN = (26, 18, 14)
# Earthy tones of produce on a market table, not a test card's.
PALETTE = [
    (196, 140, 84), (222, 184, 92), (120, 170, 80), (200, 60, 60), (160, 150, 60),
    (120, 80, 50), (150, 90, 40), (60, 120, 60), (235, 225, 200), (90, 60, 40),
    (210, 120, 50), (70, 100, 50), (180, 170, 150), (110, 110, 100),
]  # fmt: skip
# The measured product gets this many photos: the first is the page's largest paint,
# the others the gallery, which must load only when swiped to.
GALLERY = 4


def _jitter(rng: random.Random, colour: tuple[int, int, int], by: int = 25) -> tuple:
    return tuple(max(0, min(255, c + rng.randrange(-by, by + 1))) for c in colour)


def phone_photo(seed: int, size: tuple[int, int] = PHONE_SIZE, quality: int = PHONE_QUALITY):
    """JPEG bytes of a photo-like picture, the same for the same seed (about 2 s)."""
    rng = random.Random(seed)
    width, height = size
    field = Image.new("RGB", (5, 4))
    field.putdata([_jitter(rng, rng.choice(PALETTE), 40) for _ in range(20)])
    photo = field.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(photo)
    for _ in range(rng.randrange(14, 24)):  # fruit, jars and packets on the table
        r = rng.randrange(width // 30, width // 7)
        x, y = rng.randrange(width), rng.randrange(height)
        colour = _jitter(rng, rng.choice(PALETTE))
        shade = tuple(c // 2 for c in colour)
        if rng.random() < 0.75:
            draw.ellipse(
                (x - r, y - r * 0.85, x + r, y + r * 0.85), fill=colour, outline=shade, width=8
            )
            light = tuple(min(255, c + 50) for c in colour)
            draw.ellipse((x - r * 0.5, y - r * 0.6, x - r * 0.1, y - r * 0.3), fill=light)
        else:
            draw.rounded_rectangle((x - r, y - r * 1.4, x + r, y + r * 1.4), r // 5, fill=colour)
    photo = photo.filter(ImageFilter.GaussianBlur(3))  # a lens, not a vector drawing
    for scale, amplitude in zip((16, 4, 1), GRAIN, strict=True):
        small = (width // scale, height // scale)
        grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
        if scale > 1:
            grain = grain.resize(size, Image.Resampling.BICUBIC)
        lut = [max(0, min(255, round(128 + (v - 128) * amplitude / 128))) for v in range(256)]
        photo = ImageChops.soft_light(photo, grain.point(lut).convert("RGB"))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make: what a camera writes, and the upload must drop
    exif[0x0110] = "Phone 12"  # Model
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def phone_upload(seed: int, size: tuple[int, int] = PHONE_SIZE):
    """The photo as a browser sends it from a phone's gallery."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = f"IMG_2026{seed:04d}_0930.jpg"
    return SimpleUploadedFile(name, phone_photo(seed, size), "image/jpeg")


def _login_of(seller):
    """Who uploads for a seller from the portal: the household's head or a manager; for a
    household with no login, who registered it or the administrator (logged as acting on
    its behalf, as seed_demo does)."""
    from marketplace.accounts.models import User

    if seller.household_id:
        login = seller.household.user
    else:
        login = seller.cooperative.managers.order_by("pk").first()
    return (
        login or seller.created_by or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def phone_photos_give(*, product, storefront, lot) -> int:
    """Every live product's photos replaced by phone photos (GALLERY for `product`), a
    cover photo on `storefront` and a photo of a certificate in `lot`'s diary; each
    through the seller's own service. How many photos were uploaded."""
    from django.utils import timezone

    from catalog.models import Product, ProductStatus
    from catalog.services import product_photo_add, product_photo_remove
    from cms.services import storefront_save
    from marketplace.core.text import html_as_text
    from traceability.models import EventKind
    from traceability.services import event_record

    seed = 0
    for item in Product.objects.filter(status=ProductStatus.LIVE).select_related("seller"):
        actor = _login_of(item.seller)
        for photo in list(item.images.all()):
            product_photo_remove(actor=actor, photo=photo)
        for _ in range(GALLERY if item.pk == product.pk else 1):
            seed += 1
            product_photo_add(actor=actor, product=item, upload=phone_upload(seed))
    seed += 1
    storefront_save(
        actor=_login_of(storefront.seller),
        page=storefront,
        story=html_as_text(storefront.story),  # as the portal's form gives it back
        cover_upload=phone_upload(seed),
    )
    seed += 1
    event_record(
        lot=lot,
        actor=_login_of(lot.seller),
        kind=EventKind.INSPECTION,
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        certificate_name="VietGAP",
        notes="Ảnh giấy chứng nhận chụp bằng điện thoại",
        document=phone_upload(seed),
    )
    return seed
