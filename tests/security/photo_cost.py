"""What re-encoding one photo costs: time and peak memory, measured in a fresh process.

Pillow and libjpeg allocate outside Python's allocator, so tracemalloc misses them;
the peak resident size of a process that did nothing else is the honest figure. It is
read as VmHWM from /proc: ru_maxrss keeps, across fork and exec, the high-water mark
of the pytest process that started the child.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from PIL import Image as PILImage

# Runs in the child: Django set up first, so the baseline counts what every worker holds.
MEASURE = """
import json, sys, time
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from marketplace.core.uploads import photo_reencode
with open(sys.argv[1], "rb") as f:
    upload = SimpleUploadedFile("photo", f.read())
def high_water_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
baseline = high_water_kb()
started = time.perf_counter()
try:
    outcome = photo_reencode(upload)[1]
except ValidationError as error:
    outcome = error.code
seconds = time.perf_counter() - started
figures = {"outcome": outcome, "seconds": seconds, "baseline_kb": baseline}
print(json.dumps({**figures, "peak_kb": high_water_kb()}))
"""

# name -> (format, mode, size, save options): the two uploads of the hardening issue,
# a common phone photo, then the largest photo of each kind we accept.
PHOTOS = {
    "6000x6000 PNG": ("PNG", "RGB", (6000, 6000), {"optimize": True}),
    "48 Mpx JPEG": ("JPEG", "RGB", (8000, 6000), {"quality": 90}),
    "12 Mpx phone JPEG": ("JPEG", "RGB", (4032, 3024), {"quality": 90}),
    "24 Mpx PNG": ("PNG", "RGB", (6000, 4000), {}),
    "12 Mpx PNG with alpha": ("PNG", "RGBA", (4000, 3000), {}),
    "12 Mpx progressive JPEG 4:4:4": (
        "JPEG",
        "RGB",
        (4000, 3000),
        {"quality": 90, "progressive": True, "subsampling": 0},
    ),
    "6 Mpx WebP": ("WEBP", "RGB", (3000, 2000), {}),
}


def photo_write(name: str, folder: Path) -> Path:
    """The photo `name` of PHOTOS as a file: one colour, so it compresses to little."""
    format_, mode, size, options = PHOTOS[name]
    path = folder / f"{name.replace(' ', '-')}.{format_.lower()}"
    out = io.BytesIO()
    PILImage.new(mode, size, (30, 120, 60, 200)[: len(mode)]).save(out, format_, **options)
    path.write_bytes(out.getvalue())
    return path


def photo_cost(path: Path) -> dict:
    """outcome (stored extension or refusal code), seconds, and MB: baseline, peak, growth."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.test"},
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["baseline_mb"] = figures["baseline_kb"] / 1024
    figures["peak_mb"] = figures["peak_kb"] / 1024
    figures["growth_mb"] = figures["peak_mb"] - figures["baseline_mb"]
    return figures
