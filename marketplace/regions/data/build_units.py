"""Rebuild the administrative-unit CSV files from the `vietnamadminunits` package.

Not used at run time: the CSV files it writes are committed. Run it by hand
when the dataset publishes a new release:

    pip install vietnamadminunits==1.0.4
    python marketplace/regions/data/build_units.py

Source: https://github.com/tranngocminhhieu/vietnamadminunits (MIT licence,
copyright (c) 2025 Tran Ngoc Minh Hieu). Official codes are those of the
General Statistics Office.
"""

import csv
import json
import sqlite3
from pathlib import Path

import vietnamadminunits

HERE = Path(__file__).resolve().parent
DATA = Path(vietnamadminunits.__file__).resolve().parent / "data"


def main() -> None:
    db = sqlite3.connect(DATA / "dataset.db")
    converter = json.loads((DATA / "converter_2025.json").read_text())
    legacy = {
        key: (code, name)
        for key, code, name in db.execute(
            "select distinct provinceKey, provinceCode, province from admin_units_legacy"
        )
    }
    new_province_key = {
        key: code
        for key, code in db.execute("select distinct provinceKey, provinceCode from admin_units")
    }
    successor = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            successor[old_key] = new_province_key[new_key]
    former = {}
    for new_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, sources in wards.items():
            codes = sorted({legacy[s.split("_")[0]][0] for s in sources})
            former[(new_key, ward_key)] = codes

    with open(HERE / "provinces_legacy.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "successor_code"])
        for key, (code, name) in sorted(legacy.items(), key=lambda item: item[1][0]):
            writer.writerow([code, name, successor[key]])

    with open(HERE / "units_2025.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["province_code", "province_name", "code", "name", "kind", "former_provinces"]
        )
        rows = db.execute(
            "select provinceCode, province, wardCode, ward, wardType, provinceKey, wardKey "
            "from admin_units order by provinceCode, wardCode"
        )
        for p_code, p_name, code, name, kind, p_key, w_key in rows:
            writer.writerow(
                [p_code, p_name, code, name, kind, " ".join(former.get((p_key, w_key), []))]
            )


if __name__ == "__main__":
    main()
