import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from marketplace.core.text import fold

from .models import Commune, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class UnitsLoaded:
    provinces: int
    communes: int
    retired: int


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def units_load(*, units_path: Path | None = None, legacy_path: Path | None = None) -> UnitsLoaded:
    """Load or refresh Viet Nam's administrative units from the shipped CSV files.

    Idempotent: running it again updates names and changes nothing else. A
    commune that is no longer in the file is retired (`is_current=False`), not
    deleted, so records that point to it keep their name.
    """
    units = _read(units_path or DATA_DIR / "units_2025.csv")
    legacy = _read(legacy_path or DATA_DIR / "provinces_legacy.csv")
    provinces = _provinces_upsert(units=units)
    former = _former_provinces_upsert(legacy=legacy, provinces=provinces)
    _communes_upsert(units=units, provinces=provinces)
    _former_provinces_link(units=units, former=former)
    retired = _units_retire(units=units, provinces=provinces)
    return UnitsLoaded(
        provinces=len(provinces), communes=len({row["code"] for row in units}), retired=retired
    )


def _provinces_upsert(*, units: list[dict[str, str]]) -> dict[str, Province]:
    """The current provinces named in `units`, by code, made or renamed."""
    provinces: dict[str, Province] = {}
    for row in units:
        code = row["province_code"]
        if code not in provinces:
            province = Province.objects.filter(code=code, is_current=True).first() or Province(
                code=code
            )
            province.name = row["province_name"]
            province.successor = None
            province.save()
            provinces[code] = province
    return provinces


def _former_provinces_upsert(
    *, legacy: list[dict[str, str]], provinces: dict[str, Province]
) -> dict[str, Province]:
    """The pre-2025 provinces by code.

    One is the same unit as the current one only when code and name both match
    (Vĩnh Long 86); otherwise it is history (Bình Định 52), pointing at its successor.
    """
    former: dict[str, Province] = {}
    for row in legacy:
        current = provinces.get(row["code"])
        if current is not None and current.name == row["name"]:
            former[row["code"]] = current
            continue
        former[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"],
            name=row["name"],
            defaults={"is_current": False, "successor": provinces[row["successor_code"]]},
        )
    return former


COMMUNE_FIELDS = ("name", "name_folded", "kind", "province_id", "is_current")


def _communes_upsert(*, units: list[dict[str, str]], provinces: dict[str, Province]) -> None:
    """Every commune of `units` made, or updated where a field changed: two bulk writes."""
    existing = {commune.code: commune for commune in Commune.objects.all()}
    new, changed = [], []
    for row in units:
        commune = existing.get(row["code"])
        fields = {
            "name": row["name"],
            "name_folded": fold(row["name"]),
            "kind": row["kind"],
            "province_id": provinces[row["province_code"]].pk,
            "is_current": True,
        }
        if commune is None:
            new.append(Commune(code=row["code"], **fields))
        elif any(getattr(commune, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(commune, key, value)
            changed.append(commune)
    Commune.objects.bulk_create(new, batch_size=500)
    Commune.objects.bulk_update(changed, list(COMMUNE_FIELDS), batch_size=500)


def _former_provinces_link(*, units: list[dict[str, str]], former: dict[str, Province]) -> None:
    """Link each commune to the pre-2025 provinces it was part of; links only added."""
    ids = dict(Commune.objects.values_list("code", "id"))
    Through = Commune.former_provinces.through
    wanted = {
        (ids[row["code"]], former[code].pk)
        for row in units
        for code in row["former_provinces"].split()
    }
    have = set(Through.objects.values_list("commune_id", "province_id"))
    Through.objects.bulk_create(
        [Through(commune_id=c, province_id=p) for c, p in wanted - have], batch_size=500
    )


def _units_retire(*, units: list[dict[str, str]], provinces: dict[str, Province]) -> int:
    """Retire the communes and provinces no longer in the file; how many communes."""
    seen = {row["code"] for row in units}
    retired = (
        Commune.objects.filter(is_current=True).exclude(code__in=seen).update(is_current=False)
    )
    Province.objects.filter(is_current=True).exclude(
        pk__in=[p.pk for p in provinces.values()]
    ).update(is_current=False)
    return retired
