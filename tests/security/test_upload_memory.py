"""A photo upload costs a worker a bounded, small amount of memory, whatever its pixels.

Three 6000x6000 PNGs of 105 KB each once took the workers from 0.71 to 1.88 GB. Each
photo is re-encoded in a fresh process whose peak resident size is compared with
what it held before (Django and Wagtail imported); figures in docs/security.md.
"""

import sys

import pytest
from django.conf import settings

from .photo_cost import photo_cost, photo_write

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="peak memory is read from /proc/self/status"
)
MB = 1024 * 1024


def _cost(name, tmp_path) -> dict:
    figures = photo_cost(photo_write(name, tmp_path))
    print(
        f"\n{name}: {figures['outcome']} in {figures['seconds'] * 1000:.0f} ms, "
        f"peak {figures['peak_mb']:.0f} MB = baseline {figures['baseline_mb']:.0f} MB "
        f"+ {figures['growth_mb']:.0f} MB"
    )
    return figures


def test_a_6000x6000_png_is_refused_from_its_header_without_decoding(tmp_path):
    figures = _cost("6000x6000 PNG", tmp_path)
    assert figures["outcome"] == "too_many_pixels"
    assert figures["growth_mb"] < 16


def test_a_48_mpx_jpeg_is_stored_decoded_at_a_quarter_of_its_size(tmp_path):
    """At full size the decode alone would be 8000 x 6000 x 4 bytes = 183 MB."""
    figures = _cost("48 Mpx JPEG", tmp_path)
    assert figures["outcome"] == "jpg"
    assert figures["growth_mb"] < 64


@pytest.mark.parametrize(
    "name",
    [
        "24 Mpx PNG",
        "12 Mpx PNG with alpha",
        "12 Mpx progressive JPEG 4:4:4",
        "6 Mpx WebP",
    ],
)
def test_the_largest_photo_of_each_kind_we_accept_stays_within_the_decode_budget(name, tmp_path):
    figures = _cost(name, tmp_path)
    assert figures["outcome"] in ("jpg", "png")
    # The budget is for the decoded pixels; resampling and encoding add a little.
    assert figures["growth_mb"] < settings.PHOTO_DECODE_BUDGET * 1.5 / MB
