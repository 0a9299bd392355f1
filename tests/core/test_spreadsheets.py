import io

import pytest
from django.core.files.base import ContentFile
from django.utils.translation import override
from openpyxl import Workbook

from marketplace.core.preview import PreviewExpired, preview_load, preview_sign
from marketplace.core.spreadsheets import SpreadsheetError, table_read

ALIASES = {"name": ("ten", "ho ten", "name"), "phone": ("so dien thoai", "sdt", "phone")}


def read(data: bytes, name="ds.csv", **limits):
    limits = {"max_rows": 10, "max_bytes": 10_000, **limits}
    return table_read(file=ContentFile(data, name=name), aliases=ALIASES, **limits)


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_header_row_says_which_separator_excel_used(separator):
    table = read(f"Tên{separator}SĐT\nAn{separator}0912\n".encode())
    assert table.columns == {"name": 0, "phone": 1}
    assert table.records() == [{"line": 2, "name": "An", "phone": "0912"}]


def test_bom_blank_rows_and_unknown_columns():
    table = read("\ufeffHọ tên *,Ghi chú,Phone:\n\n,,\nBình,x,0913\n".encode())
    assert table.columns == {"name": 0, "phone": 2}
    assert table.unknown == ["Ghi chú"]
    assert table.records() == [{"line": 2, "name": "Bình", "phone": "0913"}]


def test_the_first_column_with_a_name_wins():
    table = read("Tên,Name\nAn,Other\n".encode())
    assert table.records()[0]["name"] == "An"


def test_xlsx_numbers_read_as_written():
    workbook = Workbook()
    workbook.active.append(["Tên", "SĐT"])
    workbook.active.append(["An", 912345678.0])
    out = io.BytesIO()
    workbook.save(out)
    assert read(out.getvalue(), name="ds.xlsx").records()[0]["phone"] == "912345678"


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (b"", {}, "Tệp trống"),
        ("Tên\n".encode() + b"An\n" * 11, {}, "hơn 10 dòng"),
        (b"x" * 20, {"max_bytes": 10}, "quá lớn"),
        ("Tên\nAn\n".encode("utf-16"), {}, "UTF-8"),
    ],
)
def test_unreadable_files_say_why_in_vietnamese(data, limits, message):
    with override("vi"), pytest.raises(SpreadsheetError, match=message):
        read(data, **limits)


def test_a_preview_comes_back_as_signed_and_not_altered():
    token = preview_sign([["Tên"], ["An"]], salt="test")
    assert preview_load(token, salt="test") == [["Tên"], ["An"]]
    with pytest.raises(PreviewExpired):
        preview_load(token, salt="other")
    with pytest.raises(PreviewExpired):
        preview_load(token[:-2] + "xx", salt="test")
