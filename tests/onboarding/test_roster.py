import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from marketplace.core.spreadsheets import SpreadsheetError
from marketplace.onboarding.roster import roster_cells, roster_check
from marketplace.onboarding.services import roster_import
from marketplace.sellers.models import Household
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

HEADER = "Chủ hộ,Số điện thoại,CCCD,Xã,Loại hình\n"


def csv_bytes(body: str, encoding="utf-8") -> bytes:
    if encoding != "cp1258":
        return (HEADER + body).encode(encoding)
    return b"".join(_cp1258(ch) for ch in HEADER + body)


def _cp1258(char: str) -> bytes:
    """Windows Vietnamese: letters like ê, ơ are precomposed, tone marks combining."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        base, *marks = unicodedata.normalize("NFD", char)
        for keep in marks:
            head = unicodedata.normalize("NFC", base + keep)
            rest = "".join(m for m in marks if m != keep)
            try:
                return head.encode("cp1258") + rest.encode("cp1258")
            except UnicodeEncodeError:
                continue
        return (base + "".join(marks)).encode("cp1258")


def check(officer, data, name="ds.csv"):
    from marketplace.accounts.selectors import communes_visible_to

    cells = roster_cells(name=name, data=data)
    return roster_check(cells=cells, communes=list(communes_visible_to(user=officer)))


def test_good_csv_imports_every_row(officer, commune):
    data = csv_bytes(
        f"Nguyễn Văn An,0912 345 678,,{commune.name},Trồng trọt\n"
        f"Trần Thị Bình,0912345679,012345678901,{commune.code},fruit\n"
    )
    result = check(officer, data)
    assert result.ok and result.new_count == 2
    roster_import(actor=officer, cells=roster_cells(name="ds.csv", data=data))
    households = Household.objects.order_by("head_name_folded")
    assert [h.head_name for h in households] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert households[0].phone == "+84912345678" and households[0].farm_type == "crops"
    assert households[1].national_id == "012345678901" and households[1].registered_by == officer


def test_broken_rows_are_listed_in_vietnamese_and_nothing_is_saved(officer, commune):
    data = csv_bytes(
        f"Nguyễn Văn An,0912345678,,{commune.name},\n"
        f",0912345670,,{commune.name},\n"
        f"Lê Văn Cường,12345,,{commune.name},\n"
        f"Phạm Thị Dung,0912345671,123,Xã Không Có,\n"
    )
    result = check(officer, data)
    assert not result.ok
    assert "dòng 3: thiếu tên chủ hộ" in result.errors
    assert "dòng 4 (Lê Văn Cường): số điện thoại không hợp lệ" in result.errors
    assert "dòng 5 (Phạm Thị Dung): CCCD phải có 12 chữ số" in result.errors
    assert "dòng 5 (Phạm Thị Dung): xã “Xã Không Có” không thuộc địa bàn của bạn" in result.errors
    roster_import(actor=officer, cells=roster_cells(name="ds.csv", data=data))
    assert Household.objects.count() == 0


def test_commune_outside_the_area_is_refused(officer):
    other = CommuneFactory()
    result = check(officer, csv_bytes(f"Nguyễn Văn An,0912345678,,{other.code},\n"))
    assert result.errors == [
        f"dòng 2 (Nguyễn Văn An): xã “{other.code}” không thuộc địa bàn của bạn"
    ]


def test_duplicates_in_file_and_roster_are_merged_not_doubled(officer, commune):
    existing = HouseholdFactory(commune=commune, phone="+84912000001", national_id="")
    data = csv_bytes(
        f"Nguyễn Văn An,0912000001,111111111111,{commune.name},\n"
        f"Trần Thị Bình,0912000002,,{commune.name},\n"
        f"Trần Thị Bình,0912.000.002,222222222222,{commune.name},\n"
    )
    result = check(officer, data)
    assert result.ok and result.new_count == 1 and result.merge_count == 1
    assert result.merged_in_file == 1
    roster_import(actor=officer, cells=roster_cells(name="ds.csv", data=data))
    assert Household.objects.count() == 2
    existing.refresh_from_db()
    assert existing.national_id == "111111111111"
    assert Household.objects.get(phone="+84912000002").national_id == "222222222222"
    # Importing the same file again adds nobody.
    roster_import(actor=officer, cells=roster_cells(name="ds.csv", data=data))
    assert Household.objects.count() == 2


def test_household_of_another_area_is_not_merged(officer, commune):
    HouseholdFactory(commune=CommuneFactory(), phone="+84912000009")
    result = check(officer, csv_bytes(f"Nguyễn Văn An,0912000009,,{commune.name},\n"))
    assert result.errors == [
        "dòng 2 (Nguyễn Văn An): hộ này đã có trong danh sách của một xã ngoài địa bàn của bạn"
    ]


def test_wrong_encoding_gives_a_clear_message(officer, commune):
    data = csv_bytes(f"Nguyễn Văn An,0912345678,,{commune.name},\n", encoding="cp1258")
    with pytest.raises(SpreadsheetError, match="UTF-8"):
        check(officer, data)
    latin1 = "Chu ho;So dien thoai;Xa\nAndré;0912345678;Xa\n".encode("latin-1")
    with pytest.raises(SpreadsheetError, match="UTF-8"):
        check(officer, latin1)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ds.csv", b"", "Tệp trống"),
        ("ds.csv", b"   \n\n", "Tệp trống"),
        ("ds.csv", HEADER.encode(), "không có dòng hộ nào"),
        ("ds.xlsx", b"PK\x03\x04not really a zip", "Tệp Excel bị hỏng"),
        ("ds.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20, ".xls"),
        ("ds.csv", b"a,b\n" + b"x,y\n" * 700_000, "quá lớn"),
        ("ds.csv", b"Ten,Dia chi\nAn,Xom 1\n", "Chủ hộ, Số điện thoại, Xã"),
    ],
)
def test_unreadable_files_give_a_clear_message(officer, name, data, message):
    with pytest.raises(SpreadsheetError, match=message):
        check(officer, data, name=name)


def test_too_many_rows_is_refused(officer, commune):
    body = "".join(f"Hộ {i},09{i:08d},,{commune.code},\n" for i in range(5001))
    with pytest.raises(SpreadsheetError, match="5000"):
        check(officer, csv_bytes(body))


def test_xlsx_with_numeric_phones_is_read(officer, commune):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ tên chủ hộ", "SĐT", "Xã"])
    sheet.append(["Nguyễn Văn An", 912345678, commune.name])
    out = io.BytesIO()
    workbook.save(out)
    result = check(officer, out.getvalue(), name="ds.xlsx")
    assert result.ok and result.rows[0].phone == "+84912345678"


def test_import_pages_preview_then_save(client, officer, commune):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    upload = SimpleUploadedFile(
        "ds.csv", csv_bytes(f"Nguyễn Văn An,0912345678,,{commune.name},\n"), "text/csv"
    )
    response = client.post("/can-bo/danh-sach/nhap/", {"file": upload})
    assert response.status_code == 200
    assert "Xem trước" in response.text and Household.objects.count() == 0
    payload = response.context["payload"]
    response = client.post("/can-bo/danh-sach/nhap/", {"payload": payload})
    assert response.status_code == 302 and Household.objects.count() == 1


def test_import_page_shows_file_errors(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    response = client.post(
        "/can-bo/danh-sach/nhap/", {"file": SimpleUploadedFile("ds.xlsx", b"PK\x03\x04xx")}
    )
    assert response.status_code == 400 and "Không đọc được tệp .xlsx này" in response.text
    response = client.post("/can-bo/danh-sach/nhap/", {"payload": "tampered"})
    assert response.status_code == 302 and Household.objects.count() == 0


def test_preview_names_merged_rows_and_what_differed(client, officer, commune):
    HouseholdFactory(commune=commune, phone="+84912000001", head_name="Nguyễn Văn An")
    data = csv_bytes(
        f"Nguyen Van Anh,0912000001,,{commune.name},\n"
        f"Trần Thị Bình,0912000002,,{commune.name},\n"
        f"Trần Thị Bính,0912 000 002,222222222222,{commune.name},\n"
    )
    result = check(officer, data)
    assert result.ok
    assert result.merged == [
        "dòng 4 (Trần Thị Bính) gộp vào dòng 3, cùng số điện thoại hoặc CCCD: "
        "tên khác: “Trần Thị Bính” (dòng 3 giữ “Trần Thị Bình”); thêm CCCD 222222222222"
    ]
    client.force_login(officer)
    page = client.post(
        "/can-bo/danh-sach/nhap/",
        {"file": SimpleUploadedFile("ds.csv", data, content_type="text/csv")},
    ).content.decode()
    assert "Trần Thị Bính" in page  # the differing name is shown, not dropped
    assert "Nguyen Van Anh" in page and "Nguyễn Văn An" in page
    assert "danh sách giữ “Nguyễn Văn An”" in page


def test_template_has_the_vietnamese_column_names_and_imports_back(client, officer, commune):
    from openpyxl import load_workbook

    client.force_login(officer)
    text = client.get("/can-bo/danh-sach/mau.csv").content.decode("utf-8-sig")
    assert text.strip() == "Chủ hộ,Số điện thoại,CCCD,Xã,Loại hình"
    workbook = load_workbook(io.BytesIO(client.get("/can-bo/danh-sach/mau.xlsx").content))
    assert [c.value for c in workbook.worksheets[0][1]] == text.strip().split(",")
    assert (commune.name, commune.code) in list(workbook.worksheets[1].iter_rows(values_only=True))
    filled = (text + f"Lò Văn Páo,0912345678,,{commune.code},\n").encode()
    assert check(officer, filled).ok
