"""Load-scale households (`manage.py loadscale`, cms/loadscale.py): rows written in bulk,
with what `save()` would derive set here."""

import datetime as dt
import random

from marketplace.core.text import fold
from marketplace.regions.models import Commune

from .models import FarmType, Household

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Yến"]
BATCH = 5000


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name: family, middle and given name."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def households_generate(
    count: int, *, communes: list[Commune], rng: random.Random, now: dt.datetime
) -> list[Household]:
    """`count` households registered over the past year, with their communes loaded."""
    rows = []
    for _ in range(count):
        name = person_name(rng)
        rows.append(
            Household(
                head_name=name,
                head_name_folded=fold(name),  # bulk_create skips save(), which folds it
                phone=f"+849{rng.randrange(10**8):08d}",
                commune=rng.choice(communes),
                farm_type=rng.choice(FarmType.values),
                registered_at=now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60)),
            )
        )
    return Household.objects.bulk_create(rows, batch_size=BATCH)
