"""Photos for the demo's products, drawn rather than downloaded (the demo works offline).

Each is a soft gradient in its category's colour, the category's shape and the product's
initials: shops look different at a glance, and the same product gets the same picture
on every machine. A 720 px JPEG of a few KB, as the product page shows at most.
"""

import io
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from marketplace.core.text import fold

SIZE = 720
# Leaf category (or its parent) -> background colour.
COLOURS = {
    "trai-cay": (104, 159, 56),
    "rau-cu": (67, 160, 71),
    "gao-ngu-coc": (205, 170, 90),
    "cac-loai-hat": (121, 85, 72),
    "banh-keo": (196, 140, 84),
    "nuoc-mam-gia-vi": (176, 96, 40),
    "thuy-hai-san": (30, 136, 179),
    "thit-trung": (183, 72, 62),
    "mat-ong": (230, 160, 30),
    "thuc-pham": (214, 168, 96),
    "tra": (76, 125, 60),
    "ca-phe": (93, 64, 55),
    "ruou": (142, 68, 110),
    "nuoc-ep": (0, 150, 136),
    "do-uong": (61, 110, 150),
    "duoc-lieu": (96, 125, 80),
    "tinh-dau": (150, 120, 170),
    "thao-duoc": (96, 125, 80),
    "thu-cong-my-nghe": (160, 110, 70),
    "cay-canh": (46, 125, 50),
    "hoa": (216, 27, 96),
    "sinh-vat-canh": (46, 125, 50),
}
DEFAULT_COLOUR = (120, 130, 140)


def _shape(draw: ImageDraw.ImageDraw, top: str, fill) -> None:
    """A simple figure for the top category: a fruit, a bottle, a leaf, a diamond, a tree."""
    s = SIZE
    if top == "do-uong":
        draw.rounded_rectangle((s * 0.36, s * 0.32, s * 0.64, s * 0.86), radius=s * 0.06, fill=fill)
        draw.rectangle((s * 0.45, s * 0.16, s * 0.55, s * 0.34), fill=fill)
    elif top == "thao-duoc":
        draw.ellipse((s * 0.22, s * 0.3, s * 0.78, s * 0.7), fill=fill)
        draw.polygon([(s * 0.78, s * 0.5), (s * 0.92, s * 0.4), (s * 0.9, s * 0.6)], fill=fill)
    elif top == "thu-cong-my-nghe":
        draw.polygon(
            [(s * 0.5, s * 0.12), (s * 0.88, s * 0.5), (s * 0.5, s * 0.88), (s * 0.12, s * 0.5)],
            fill=fill,
        )
    elif top == "sinh-vat-canh":
        draw.polygon([(s * 0.5, s * 0.1), (s * 0.86, s * 0.74), (s * 0.14, s * 0.74)], fill=fill)
        draw.rectangle((s * 0.44, s * 0.72, s * 0.56, s * 0.9), fill=fill)
    else:
        draw.ellipse((s * 0.16, s * 0.16, s * 0.84, s * 0.84), fill=fill)
        draw.ellipse((s * 0.5, s * 0.08, s * 0.66, s * 0.22), fill=fill)  # a stalk's leaf


@cache
def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _initials(name: str) -> str:
    words = [w for w in name.replace("(", " ").split() if w[0].isalpha()]
    return "".join(w[0] for w in words[:2]).upper()


def product_photo(*, name: str, category: str, parent: str = "") -> SimpleUploadedFile:
    """The demo photo of one product, as a phone would upload it."""
    colour = COLOURS.get(category) or COLOURS.get(parent) or DEFAULT_COLOUR
    light = tuple(min(255, c + 70) for c in colour)
    # A radial gradient from the light centre to the colour at the edges.
    mask = Image.radial_gradient("L").resize((SIZE, SIZE))
    image = Image.composite(
        Image.new("RGB", mask.size, colour), Image.new("RGB", mask.size, light), mask
    )
    draw = ImageDraw.Draw(image)
    pale = sum(colour) / 3 > 150
    shade = tuple(max(0, c - 70) for c in colour) if pale else tuple(max(0, c - 35) for c in colour)
    _shape(draw, parent or category, shade)
    text = _initials(name)
    font = _font(230 if len(text) > 1 else 300)
    box = draw.textbbox((0, 0), text, font=font)
    x = (SIZE - (box[2] - box[0])) / 2 - box[0]
    y = (SIZE - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, font=font, fill=(255, 255, 255))
    return _jpeg(image, name)


def certificate_scan(*, number: str, stars: int) -> SimpleUploadedFile:
    """A plain page standing for the scan of an OCOP certificate."""
    image = Image.new("RGB", (480, 680), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 464, 664), outline=(170, 40, 40), width=6)
    draw.text((240, 150), "OCOP", font=_font(90), fill=(170, 40, 40), anchor="mm")
    draw.text((240, 300), "★" * stars, font=_font(60), fill=(220, 160, 0), anchor="mm")
    draw.text((240, 470), number, font=_font(32), fill=(60, 60, 60), anchor="mm")
    return _jpeg(image, f"ocop {number}")


def _jpeg(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    stem = fold(name).replace(" ", "-").replace("/", "-")[:60]
    return SimpleUploadedFile(f"{stem}.jpg", out.getvalue(), "image/jpeg")
