"""Our communes in Giao Hàng Nhanh's address codes: the table the adapter reads, and
how it is built from GHN's master data.

GHN still addresses a parcel by its own `district_id` + `ward_code` (its map from before
the 2025 reform); we address by the 2025 GSO commune code. The table
(settings.GHN_WARDS_CSV, columns COLUMNS) joins the two. It is read on first use, once
per process, and is never typed by hand from memory: `manage.py delivery_ghn_codes`
downloads GHN's provinces, districts and wards and matches them to our current communes
by province and name; the communes it cannot match are listed for a person to add.
"""

import csv
import logging
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from marketplace.core.http import ProviderUnreachable, get_json, post_json
from marketplace.core.text import fold
from marketplace.regions.models import Commune

from .base import CarrierError

logger = logging.getLogger(__name__)

COLUMNS = ["commune_code", "ghn_district_id", "ghn_ward_code", "ghn_ward_name", "source"]
# Kinds of unit GHN and we both put before a name; a town (thị trấn) of GHN's old map
# often became a commune (xã) of the same name, so names are also compared without them.
WARD_PREFIXES = ("thi tran ", "phuong ", "xa ", "dac khu ")
PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp ")
_WORDS = re.compile(r"[a-z0-9]+")
_LEADING_ZEROS = re.compile(r"\b0+(\d)")


@dataclass(frozen=True)
class GhnWard:
    district_id: int
    ward_code: str
    name: str = ""


# Path -> table: a test (or a deploy) pointing GHN_WARDS_CSV elsewhere reads that file.
_tables: dict[str, dict[str, GhnWard]] = {}


def ghn_wards() -> dict[str, GhnWard]:
    """The table, commune code -> GhnWard; read from GHN_WARDS_CSV on first use."""
    path = str(settings.GHN_WARDS_CSV)
    if path not in _tables:
        _tables[path] = _table_read(path)
    return _tables[path]


def ghn_ward(commune_code: str) -> GhnWard | None:
    return ghn_wards().get(commune_code)


def _table_read(path: str) -> dict[str, GhnWard]:
    # A missing file or a bad row must not take checkout down: the commune is then
    # simply unmapped and its courier option falls back to the seller's fee.
    table: dict[str, GhnWard] = {}
    try:
        with open(path, newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                try:
                    district_id, ward_code = int(row["ghn_district_id"]), row["ghn_ward_code"]
                    ward = GhnWard(district_id, ward_code.strip(), row["ghn_ward_name"])
                except (KeyError, TypeError, ValueError, AttributeError):
                    logger.warning("%s: row skipped, not a GHN ward: %r", path, row)
                    continue
                if row.get("commune_code") and ward.ward_code:
                    table[row["commune_code"].strip()] = ward
    except (OSError, UnicodeError, csv.Error) as error:
        logger.warning("GHN ward table %s not read: %s", path, error)
    return table


# --- building the table ---------------------------------------------------------------


@dataclass
class CodesResult:
    rows: list[dict] = field(default_factory=list)
    unmatched: list[Commune] = field(default_factory=list)


def _ghn_list(path: str, payload: dict | None = None) -> list[dict]:
    """One master-data list; GHN answers `data: null` for a district without wards."""
    url = settings.GHN_BASE_URL.rstrip("/") + path
    headers = {"Token": settings.GHN_TOKEN}
    timeout = settings.DELIVERY_HTTP_TIMEOUT
    try:
        if payload is None:
            answer = get_json(url=url, headers=headers, timeout=timeout)
        else:
            answer = post_json(url=url, payload=payload, headers=headers, timeout=timeout)
    except ProviderUnreachable as error:
        raise CarrierError(f"GHN {path}: no answer ({error})") from error
    body = answer.json()
    data = body.get("data")
    if answer.status != 200 or body.get("code") != 200 or not isinstance(data, list | None):
        raise CarrierError(f"GHN {path}: HTTP {answer.status}, {answer.body[:200]}")
    return [item for item in data or [] if isinstance(item, dict)]


def ghn_wards_download(*, progress: Callable[[str], None] | None = None) -> list[dict]:
    """Every ward of GHN's master data: province name, district id, ward code and name."""
    wards = []
    for province in _ghn_list("/master-data/province"):
        if progress:
            progress(str(province.get("ProvinceName", "")))
        districts = _ghn_list("/master-data/district", {"province_id": province.get("ProvinceID")})
        for district in districts:
            district_id = district.get("DistrictID")
            query = urllib.parse.urlencode({"district_id": district_id})
            for ward in _ghn_list(f"/master-data/ward?{query}", {"district_id": district_id}):
                if isinstance(district_id, int) and ward.get("WardCode") and ward.get("WardName"):
                    wards.append(
                        {
                            "province": str(province.get("ProvinceName", "")),
                            "district_id": district_id,
                            "ward_code": str(ward["WardCode"]),
                            "ward_name": str(ward["WardName"]),
                        }
                    )
    return wards


def _key(name: str, prefixes: tuple[str, ...] = ()) -> str:
    """A name as both sides can agree on: folded, punctuation gone, "Phường 01" = "Phường 1",
    and without its kind when `prefixes` are given."""
    text = " ".join(_WORDS.findall(_LEADING_ZEROS.sub(r"\1", fold(name))))
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def ghn_codes_match(*, wards: list[dict], communes) -> CodesResult:
    """Each commune matched to the one GHN ward of its province (or a province it was
    part of before 2025) with the same name: first with its kind ("Xã", "Phường"), then
    without. No ward, or more than one, leaves the commune unmatched: a wrong code would
    send parcels to the wrong place, a missing one only costs a quote."""
    full: dict[tuple[str, str], set] = {}
    bare: dict[tuple[str, str], set] = {}
    for ward in wards:
        province = _key(ward["province"], PROVINCE_PREFIXES)
        found = (ward["district_id"], ward["ward_code"], ward["ward_name"])
        full.setdefault((province, _key(ward["ward_name"])), set()).add(found)
        bare.setdefault((province, _key(ward["ward_name"], WARD_PREFIXES)), set()).add(found)
    source = f"GHN master-data {timezone.localdate().isoformat()}"
    result = CodesResult()
    for commune in communes:
        provinces = {_key(p.name, PROVINCE_PREFIXES) for p in commune.former_provinces.all()}
        provinces.add(_key(commune.province.name, PROVINCE_PREFIXES))
        candidates: set = set()
        for index, name in ((full, _key(commune.name)), (bare, _key(commune.name, WARD_PREFIXES))):
            candidates = set().union(*(index.get((p, name), set()) for p in provinces))
            if candidates:
                break
        if len(candidates) != 1:
            result.unmatched.append(commune)
            continue
        [(district_id, ward_code, ward_name)] = candidates
        result.rows.append(
            {
                "commune_code": commune.code,
                "ghn_district_id": district_id,
                "ghn_ward_code": ward_code,
                "ghn_ward_name": ward_name,
                "source": source,
            }
        )
    return result


def ghn_codes_build(*, path: str, progress: Callable[[str], None] | None = None) -> CodesResult:
    """Download GHN's master data, match our current communes, write the table to `path`.

    Raises CarrierError (and writes nothing) when GHN does not answer every list.
    """
    wards = ghn_wards_download(progress=progress)
    communes = (
        Commune.objects.filter(is_current=True)
        .select_related("province")
        .prefetch_related("former_provinces")
        .order_by("code")
    )
    result = ghn_codes_match(wards=wards, communes=communes)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(result.rows)
    _tables.pop(str(path), None)
    return result
