"""One reader for the spreadsheets people upload (CSV or XLSX), and one writer for the
ones they download (safe against formula injection).

`table_read` turns a file into text cells and finds its columns by the names people
write (with or without diacritics); what the rows mean is the caller's business.
Whatever cannot be read at all raises `SpreadsheetError` with a message for the user.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .errors import DomainError
from .text import fold

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(DomainError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    """A sheet's header, the columns found in it, and its non-blank rows as text."""

    header: list[str]
    columns: dict[str, int]  # our key -> index of the first column with one of its names
    unknown: list[str] = field(default_factory=list)  # titles matching no key, as written
    rows: list[list[str]] = field(default_factory=list)

    def cells(self) -> list[list[str]]:
        """Header and rows, as read: what a preview carries to its confirmation."""
        return [self.header, *self.rows]

    def records(self) -> list[dict]:
        """Each row as {key: cell} for the columns found, with its line in the file."""
        records = []
        for line, row in enumerate(self.rows, start=2):
            record = {"line": line}
            for key, index in self.columns.items():
                record[key] = row[index].strip() if index < len(row) else ""
            records.append(record)
        return records


def header_key(title: str) -> str:
    """A column title as compared with the aliases: folded, '_' as a space, no ' *:' tail."""
    return fold(title).replace("_", " ").rstrip(" *:")


def table_columns(header: list[str], aliases: dict[str, Iterable[str]]) -> Table:
    """Find each key's column in `header` (the first one wins)."""
    names = {key: {header_key(name) for name in names} for key, names in aliases.items()}
    table = Table(header=header, columns={})
    for index, title in enumerate(header):
        folded = header_key(title)
        if not folded:
            continue
        key = next((k for k, known in names.items() if folded in known), None)
        if key is None:
            table.unknown.append(title)
        elif key not in table.columns:
            table.columns[key] = index
    return table


def table_read(*, file, aliases: dict[str, Iterable[str]], max_rows: int, max_bytes: int) -> Table:
    """Read an uploaded CSV (any of , ; tab, with or without a BOM) or XLSX file.

    Blank rows are dropped; a file with more than `max_rows` rows under its header or
    over `max_bytes` is refused. The first row is the header.
    """
    data = file.read()
    if not data or not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _(
                "The file is too large (over %(size)s MB). "
                "Split it into several files of at most %(rows)d rows."
            )
            % {"size": max_bytes // (1024 * 1024) or 1, "rows": max_rows}
        )
    cells = _cells(name=(file.name or "").lower(), data=data, max_rows=max_rows)
    cells = [row for row in cells if any(cell.strip() for cell in row)]
    if not cells:
        raise SpreadsheetError(_("The file is empty."))
    if len(cells) > max_rows + 1:
        raise SpreadsheetError(
            _("The file has more than %(rows)d rows. Split it into several files.")
            % {"rows": max_rows}
        )
    table = table_columns(cells[0], aliases)
    table.rows = cells[1:]
    return table


def _cells(*, name: str, data: bytes, max_rows: int) -> list[list[str]]:
    if data[:4] == XLSX_MAGIC or name.endswith(".xlsx"):
        return _cells_from_xlsx(data, max_rows=max_rows)
    if name.endswith(".xls") or data[:8] == XLS_MAGIC:
        raise SpreadsheetError(
            _("Old .xls files cannot be read. Save the file as .xlsx or CSV UTF-8.")
        )
    return _cells_from_csv(data)


def _cells_from_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "The file is not in UTF-8, so Vietnamese letters would be garbled. "
                "In Excel choose 'Save as' > 'CSV UTF-8', or upload the .xlsx file."
            )
        ) from None
    # The header row says which separator Excel used (it follows the computer's region).
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:  # e.g. a field over the csv module's size limit
        raise SpreadsheetError(
            _("The file cannot be read as CSV: save it again from Excel as “CSV UTF-8”.")
        ) from None


def _cells_from_xlsx(data: bytes, *, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else _cell_text(v) for v in values])
            if len(rows) > max_rows + 1:
                break
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise SpreadsheetError(
            _("The Excel file is damaged or not an .xlsx file. Open it in Excel and save it again.")
        ) from None
    return rows


def _cell_text(value) -> str:
    # Excel turns phone numbers and ID numbers into numbers; 912345678.0 must read "912345678".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sheet_title(text: str) -> str:
    """Excel refuses / \\ ? * [ ] : in a sheet's name and more than 31 characters."""
    return "".join("-" if ch in "/\\?*[]:" else ch for ch in text)[:31]


# --- writing ------------------------------------------------------------------------------

# A cell a spreadsheet program would run as a formula (or a DDE command): a buyer's name
# "=HYPERLINK(...)" must reach the seller's Excel as text, not as a live link.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def cell_safe(value):
    """Text that starts like a formula gets a leading apostrophe; numbers, dates and
    empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_csv(rows) -> bytes:
    """Rows as CSV in UTF-8 with a BOM, which lets Excel open Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([cell_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_xlsx(rows, *, title: str) -> bytes:
    """Rows as one XLSX sheet; numbers stay numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    for row in rows:
        sheet.append([cell_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_response(*, rows, fmt: str, title: str, filename: str):
    """The download of `rows` as `fmt` ("csv" or "xlsx"); None for another format."""
    rows = list(rows)
    if fmt == "csv":
        response = HttpResponse(sheet_csv(rows), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(sheet_xlsx(rows, title=title), content_type=XLSX_TYPE)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
