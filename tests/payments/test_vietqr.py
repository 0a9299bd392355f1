import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from marketplace.core.qr import qr_png, qr_svg
from marketplace.payments.vietqr import (
    crc16_ccitt_false,
    purpose_text,
    transfer_note,
    vietqr_payload,
)

VECTOR_DYNAMIC = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)
VECTOR_STATIC = (
    "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
)


def test_crc_check_value():
    assert f"{crc16_ccitt_false(b'123456789'):04X}" == "29B1"


def test_published_vectors_reproduce_byte_for_byte():
    assert (
        vietqr_payload(
            bank_bin="970403",
            account="0011012345678",
            amount=180000,
            reference="NPS6869",
            purpose="thanh toan don hang",
        )
        == VECTOR_DYNAMIC
    )
    assert vietqr_payload(bank_bin="970416", account="257678859") == VECTOR_STATIC


def test_purpose_has_no_diacritics_and_fits():
    assert purpose_text("Thanh toán đơn hàng Đà Lạt số CS000001-1") == "Thanh toan don hang Da La"
    assert len(purpose_text("x" * 60)) == 25


@pytest.mark.parametrize("bank_bin,account", [("97040", "1"), ("970403", ""), ("970403", "1" * 20)])
def test_bad_bank_details_refused(bank_bin, account):
    with pytest.raises(ValueError):
        vietqr_payload(bank_bin=bank_bin, account=account)


def rasterize(svg: str, scale: int = 8, background: int = 255) -> Image.Image:
    """Paint the SVG of core.qr's renderer: its white `rect`, if any, on a canvas of
    `background` (0 is how a transparent canvas shows on a dark screen), then the path
    (one `M x y h n` run of dark modules each)."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    image = Image.new("L", (size * scale, size * scale), background)
    draw = ImageDraw.Draw(image)
    if rect := re.search(r'<rect width="(\d+)" height="(\d+)" fill="#fff"/>', svg):
        draw.rectangle([0, 0, int(rect[1]) * scale - 1, int(rect[2]) * scale - 1], fill=255)
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        x, y, run = int(x) * scale, int(y) * scale, int(run) * scale
        draw.rectangle([x, y, x + run - 1, y + scale - 1], fill=0)
    return image


def decode(image: Image.Image) -> str:
    [result] = zxingcpp.read_barcodes(image)
    return result.text


def test_qr_png_decodes_to_payload():
    image = Image.open(io.BytesIO(qr_png(VECTOR_DYNAMIC))).convert("L")
    assert decode(image) == VECTOR_DYNAMIC


def test_inline_svg_decodes_to_payload():
    assert decode(rasterize(qr_svg(VECTOR_DYNAMIC))) == VECTOR_DYNAMIC


@pytest.mark.parametrize(
    "first,second",
    [
        ("CS000007-1", "CS000007-10"),
        ("CS999999-1", "CS999999-12"),
        ("CS1000000-1", "CS1000000-10"),
        ("CS1000000-2", "CS1000001-2"),
    ],
)
def test_transfer_notes_of_two_seller_orders_differ(first, second):
    assert transfer_note(first) != transfer_note(second)
    assert transfer_note(second) == f"TT {second}"


def test_the_longest_order_number_fits_whole_in_the_purpose():
    number = "CS" + "9" * 15 + "-99"  # SellerOrder.number holds 20 characters
    note = transfer_note(number)
    assert note == f"TT {number}" and len(note) <= 25
    payload = vietqr_payload(bank_bin="970436", account="1", amount=1, purpose=note)
    assert f"08{len(note):02d}{note}" in payload


def test_qr_svg_paints_a_white_background_under_the_modules():
    """On a transparent canvas (dark mode, a PNG export) scanners see no quiet zone."""
    svg = qr_svg(VECTOR_DYNAMIC)
    size = re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1)
    first = re.search(r"<svg[^>]*>(<[^>]+>)", svg).group(1)
    assert first == f'<rect width="{size}" height="{size}" fill="#fff"/>'
    assert decode(rasterize(svg, background=0)) == VECTOR_DYNAMIC
