"""Re-encoding an uploaded photo: time and peak memory above a worker's own, per kind.

Each run is a fresh process (tests/security/photo_cost.py), so the figures include
neither a warm cache nor memory an earlier upload left behind.
"""

import pytest

from tests.security.photo_cost import photo_cost, photo_write

from .report import bench_line

RUNS = 5


@pytest.mark.parametrize(
    "name", ["6000x6000 PNG", "48 Mpx JPEG", "12 Mpx phone JPEG", "24 Mpx PNG", "6 Mpx WebP"]
)
def test_photo_upload(name, tmp_path):
    path = photo_write(name, tmp_path)
    runs = [photo_cost(path) for _ in range(RUNS)]
    bench_line(
        f"photo upload: {name}",
        [run["seconds"] * 1000 for run in runs],
        None,
        peak_mb=max(run["growth_mb"] for run in runs),
    )
