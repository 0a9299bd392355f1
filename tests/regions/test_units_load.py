import csv

import pytest

from marketplace.regions.models import Commune, Province
from marketplace.regions.services import DATA_DIR, units_load

pytestmark = pytest.mark.django_db


def test_loads_the_34_provinces_and_3321_communes_of_2025_with_official_codes():
    result = units_load()
    assert result.provinces == 34
    assert result.communes == 3321
    assert Province.objects.filter(is_current=True).count() == 34
    assert Commune.objects.filter(is_current=True).count() == 3321
    assert Province.objects.get(code="86", is_current=True).name == "Tỉnh Vĩnh Long"
    assert Commune.objects.get(code="28903").name == "Xã Mỏ Cày"


def test_merged_provinces_stay_readable_and_point_to_their_successor():
    units_load()
    ben_tre = Province.objects.get(code="83")
    assert ben_tre.name == "Tỉnh Bến Tre"
    assert not ben_tre.is_current
    assert ben_tre.successor.name == "Tỉnh Vĩnh Long"
    gia_lai = Province.objects.get(code="52", is_current=True)
    assert gia_lai.name == "Tỉnh Gia Lai"
    # Gia Lai took Bình Định's code 52; Bình Định stays readable under that old code.
    binh_dinh = Province.objects.get(code="52", is_current=False)
    assert (binh_dinh.name, binh_dinh.successor) == ("Tỉnh Bình Định", gia_lai)
    thai_nguyen = Province.objects.get(code="19", is_current=True)
    assert thai_nguyen.predecessors.filter(name="Tỉnh Bắc Kạn").exists()
    cao_bang = Province.objects.get(code="04", is_current=True)
    assert cao_bang.predecessors.count() == 0  # unchanged by the merger


def test_communes_remember_the_province_they_belonged_to_before_the_merger():
    units_load()
    mo_cay = Commune.objects.get(code="28903")
    assert mo_cay.province.code == "86"
    assert list(mo_cay.former_provinces.values_list("code", flat=True)) == ["83"]
    assert Commune.objects.filter(province__code="86", former_provinces__code="83").count() == 48


def test_loading_twice_changes_nothing():
    units_load()
    ids = set(Commune.objects.values_list("id", flat=True))
    again = units_load()
    assert again.retired == 0
    assert set(Commune.objects.values_list("id", flat=True)) == ids


def test_a_commune_missing_from_a_new_release_is_retired_not_deleted(tmp_path):
    units_load()
    source = DATA_DIR / "units_2025.csv"
    with open(source, encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["code"] != "28903"]
    smaller = tmp_path / "units.csv"
    with open(smaller, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)

    result = units_load(units_path=smaller)

    assert result.retired == 1
    mo_cay = Commune.objects.get(code="28903")
    assert not mo_cay.is_current
    assert str(mo_cay) == "Xã Mỏ Cày, Vĩnh Long"


def test_commune_names_are_searchable_without_diacritics():
    units_load()
    assert (
        Commune.objects.filter(province__code="86", name_folded="xa mo cay").get().code == "28903"
    )
