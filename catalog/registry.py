"""Reading a province's published list of OCOP products (CSV or XLSX) before anything is saved.

Provinces publish, decision by decision, the products they rated: decision number,
product, entity (household, cooperative, company), stars, date. `registry_rows_read`
reads the file with the site's one spreadsheet reader; `registry_rows_check` returns the
rows ready for `certificates.registry_import`, or the errors line by line.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.spreadsheets import SpreadsheetError, table_read
from marketplace.regions.models import Province

from .certificate_selectors import certificates_pending_in
from .models import decision_key

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# Column titles as the provinces' lists write them, with or without accents.
COLUMNS = {
    "decision_number": ("so quyet dinh", "quyet dinh", "so qd", "decision number", "decision"),
    "product_name": ("ten san pham", "san pham", "product", "product name"),
    "entity": ("chu the", "ten chu the", "co so", "don vi", "entity", "producer"),
    "stars": ("so sao", "hang sao", "xep hang", "sao", "stars", "rating"),
    "decision_date": ("ngay quyet dinh", "ngay", "ngay cap", "decision date", "date"),
}
REQUIRED = tuple(COLUMNS)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")  # Excel's dates read as "2024-06-12 00:00:00"


def registry_rows_read(upload) -> list[dict]:
    """The file's rows keyed by our column names, each with its line in the file."""
    table = table_read(file=upload, aliases=COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    missing = [key for key in REQUIRED if key not in table.columns]
    if missing:
        raise SpreadsheetError(
            _(
                "The header row must name the columns: Số quyết định, Tên sản phẩm, "
                "Chủ thể, Số sao, Ngày quyết định."
            )
        )
    if not table.rows:
        raise SpreadsheetError(_("The file has a header but no product rows."))
    return table.records()


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    try:
        if match := _ISO.match(text):
            year, month, day = map(int, match.groups())
        elif match := _DAY_FIRST.match(text):
            day, month, year = map(int, match.groups())
        else:
            return None
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _stars(text: str) -> int | None:
    # "4", "4 sao", "4★", "4.0" (Excel's number)
    match = re.match(r"^\s*([345])(?:\.0)?\s*(?:sao|★|\*|stars?)?\s*$", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _row_problems(row: dict, clean: dict) -> list[str]:
    problems = []
    if not clean["decision_number"]:
        problems.append(_("the decision number is empty"))
    elif len(clean["decision_number"]) > 60:
        problems.append(_("the decision number is longer than 60 characters"))
    if not clean["product_name"]:
        problems.append(_("the product is empty"))
    if clean["stars"] is None:
        problems.append(_("stars must be 3, 4 or 5, not “%(value)s”") % {"value": row["stars"]})
    if clean["decision_date"] is None:
        problems.append(
            _("the date “%(value)s” is not a date (write 12/06/2024)")
            % {"value": row["decision_date"]}
        )
    elif clean["decision_date"] > timezone.localdate():
        problems.append(_("the decision date is in the future"))
    return problems


def registry_rows_check(raw: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows ready to import (dates as ISO text, to travel signed in the preview) and
    every error as "line N: ..."."""
    rows, errors = [], []
    for row in raw:
        clean = {
            "line": row["line"],
            "decision_number": row["decision_number"].strip(),
            "product_name": row["product_name"].strip()[:200],
            "entity": row["entity"].strip()[:200],
            "stars": _stars(row["stars"]),
            "decision_date": _date(row["decision_date"]),
        }
        problems = _row_problems(row, clean)
        for problem in problems:
            errors.append(
                _("line %(line)s: %(problem)s") % {"line": row["line"], "problem": problem}
            )
        if not problems:
            rows.append({**clean, "decision_date": clean["decision_date"].isoformat()})
    return rows, errors


def registry_rows_load(rows: list[dict]) -> list[dict]:
    """The signed preview's rows with their dates as dates again."""
    return [
        {**row, "decision_date": datetime.date.fromisoformat(row["decision_date"])} for row in rows
    ]


def registry_matches(*, province: Province, rows: list[dict]) -> int:
    """How many certificates waiting in `province` the rows would verify: for the preview."""
    keys = {(decision_key(row["decision_number"]), row["stars"]) for row in rows}
    pending = certificates_pending_in(province=province)
    return sum(
        (decision_key(number), stars) in keys
        for number, stars in pending.values_list("decision_number", "stars")
    )
