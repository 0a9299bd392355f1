"""The commune -> GHN ward table: read on first use, built from GHN's master data."""

import csv

import pytest
from django.core.management import CommandError, call_command

from marketplace.delivery.carriers import ghn_codes
from tests.delivery.fake_ghn import DISTRICTS, PROVINCES, WARDS, ok
from tests.regions.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

HEADER = "commune_code,ghn_district_id,ghn_ward_code,ghn_ward_name,source\n"


def test_the_shipped_table_has_its_header_only(settings):
    with open(settings.BASE_DIR / "marketplace/delivery/data/ghn_wards.csv") as file:
        assert file.read() == HEADER


def test_table_is_read_from_the_setting_and_skips_bad_rows(settings, tmp_path):
    path = tmp_path / "wards.csv"
    path.write_text(
        HEADER
        + "90001,9001,T0001,Xã Một,test\n"
        + "90002,not-a-number,T0002,Xã Hai,test\n"
        + "90003,9003,,Xã Ba,test\n",
        encoding="utf-8",
    )
    settings.GHN_WARDS_CSV = str(path)
    assert ghn_codes.ghn_wards() == {"90001": ghn_codes.GhnWard(9001, "T0001", "Xã Một")}
    assert ghn_codes.ghn_ward("90002") is None


def test_a_missing_table_maps_nothing(settings, tmp_path):
    settings.GHN_WARDS_CSV = str(tmp_path / "absent.csv")
    assert ghn_codes.ghn_wards() == {}


def _ward(province, district_id, code, name):
    return {"province": province, "district_id": district_id, "ward_code": code, "ward_name": name}


def test_match_by_province_and_name_with_or_without_the_kind():
    province = ProvinceFactory(code="86", name="Tỉnh Vĩnh Long")
    former = ProvinceFactory(code="83", name="Tỉnh Bến Tre")
    numbered = CommuneFactory(name="Phường 1", kind="Phường", province=province)
    town = CommuneFactory(name="Xã Long Hồ", province=province)
    merged = CommuneFactory(name="Xã Mỏ Cày", province=province)
    merged.former_provinces.add(former)
    twice = CommuneFactory(name="Xã Tân Phú", province=province)
    missing = CommuneFactory(name="Xã Không Có", province=province)
    wards = [
        _ward("Vĩnh Long", 9001, "T0001", "Phường 01"),
        _ward("Vĩnh Long", 9002, "T0002", "Thị trấn Long Hồ"),
        _ward("Bến Tre", 9003, "T0003", "Xã Mỏ Cày"),
        _ward("Vĩnh Long", 9004, "T0004", "Xã Tân Phú"),
        _ward("Vĩnh Long", 9005, "T0005", "Xã Tân Phú"),
        _ward("Trà Vinh", 9006, "T0006", "Xã Không Có"),
    ]
    result = ghn_codes.ghn_codes_match(
        wards=wards, communes=[numbered, town, merged, twice, missing]
    )
    assert {row["commune_code"]: row["ghn_ward_code"] for row in result.rows} == {
        numbered.code: "T0001",
        town.code: "T0002",
        merged.code: "T0003",
    }
    assert result.rows[0]["source"] == "GHN master-data 2026-06-15"
    assert result.unmatched == [twice, missing]


def test_command_downloads_matches_and_writes_the_table(ghn, settings, tmp_path, capsys):
    commune = CommuneFactory(name="Xã Hòa Lộc", province=ProvinceFactory())
    ghn.answer(PROVINCES, ok([{"ProvinceID": 7, "ProvinceName": "Vĩnh Long"}]))
    ghn.answer(DISTRICTS, ok([{"DistrictID": 9001, "ProvinceID": 7, "DistrictName": "Mỏ Cày"}]))
    ghn.answer(WARDS, ok([{"WardCode": "T0009", "DistrictID": 9001, "WardName": "Xã Hoà Lộc"}]))
    output = tmp_path / "built.csv"
    call_command("delivery_ghn_codes", output=str(output))
    province, district, ward = ghn.requests
    assert (province["method"], province["headers"]["token"]) == ("GET", "ghn-token")
    assert district["json"] == {"province_id": 7}
    assert (ward["query"], ward["json"]) == ({"district_id": "9001"}, {"district_id": 9001})
    with open(output, encoding="utf-8") as file:
        rows = {row["commune_code"]: row for row in csv.DictReader(file)}
    assert rows[commune.code]["ghn_ward_code"] == "T0009"
    assert rows[commune.code]["ghn_district_id"] == "9001"
    assert "Xã/phường khớp: 1, không khớp: 2" in capsys.readouterr().out


def test_command_writes_nothing_when_ghn_refuses(ghn, tmp_path):
    ghn.answer(PROVINCES, {"code": 401, "message": "Token is not valid", "data": None}, 401)
    output = tmp_path / "built.csv"
    with pytest.raises(CommandError, match="HTTP 401"):
        call_command("delivery_ghn_codes", output=str(output))
    assert not output.exists()
