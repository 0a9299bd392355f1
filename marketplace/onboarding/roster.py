"""Reading a commune's household list (CSV or XLSX) and checking it row by row.

Nothing is written here: `roster_cells` reads the file (with the site's one
spreadsheet reader), `roster_check` returns the rows ready to save or the errors to
show; `services.roster_import` saves a checked list in one transaction.
"""

import unicodedata
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.accounts.phone import display_phone, normalize_phone
from marketplace.core.params import is_plain_digits
from marketplace.core.spreadsheets import SpreadsheetError, table_columns, table_read
from marketplace.core.text import fold
from marketplace.sellers.models import FarmType, Household

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# Header names officers use, folded (no diacritics, lower case), for each column.
HEADERS = {
    "head_name": {
        "chu ho",
        "ho ten chu ho",
        "ten chu ho",
        "ho ten",
        "head of household",
        "head_name",
        "name",
    },
    "phone": {"so dien thoai", "dien thoai", "sdt", "so dt", "phone", "mobile", "mobile number"},
    "national_id": {
        "cccd",
        "so cccd",
        "can cuoc",
        "can cuoc cong dan",
        "national id",
        "national_id",
    },
    "commune": {"xa", "xa/phuong", "xa phuong", "ma xa", "commune", "commune code"},
    "farm_type": {"loai hinh", "loai hinh san xuat", "nganh nghe", "farm type", "farm_type"},
}
REQUIRED = ("head_name", "phone", "commune")


@dataclass
class RosterRow:
    line: int
    head_name: str
    phone: str
    national_id: str
    commune_id: int
    commune_name: str
    farm_type: str
    merge_into: int | None = None  # pk of the household this row completes
    merge_name: str = ""  # that household's name on the roster
    notes: list[str] = field(default_factory=list)  # what the merges found, for the preview

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    merged_in_file: int = 0
    # Rows folded into an earlier one: "line 7 (Lò Văn Pao) merged into line 3: ..."
    merged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.merge_into is None)

    @property
    def merge_count(self) -> int:
        return sum(1 for row in self.rows if row.merge_into is not None)

    def payload(self) -> list[dict]:
        return [asdict(row) for row in self.rows]


def roster_cells(*, name: str, data: bytes) -> list[list[str]]:
    """The file's cells as text, header first; raises SpreadsheetError for what cannot be
    read at all."""
    table = table_read(
        file=ContentFile(data, name=name), aliases=HEADERS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES
    )
    if not table.rows:
        raise SpreadsheetError(_("The file has no household rows under its header row."))
    return table.cells()


def _columns(header: list[str]) -> dict[str, int]:
    columns = table_columns(header, HEADERS).columns
    if any(key not in columns for key in REQUIRED):
        raise SpreadsheetError(
            _(
                "The header row must name the columns: Chủ hộ, Số điện thoại, Xã "
                "(and optionally CCCD, Loại hình)."
            )
        )
    return columns


def _commune_lookup(communes) -> tuple[dict, dict]:
    by_code, by_name = {}, {}
    for commune in communes:
        by_code[commune.code] = commune
        for key in {
            commune.name_folded,
            commune.name_folded.removeprefix("xa ").removeprefix("phuong "),
        }:
            by_name.setdefault(key, []).append(commune)
    return by_code, by_name


def _farm_type(raw: str) -> str | None:
    folded = fold(raw)
    if not folded:
        return FarmType.MIXED
    for value, label in FarmType.choices:
        if folded in {value, fold(str(label))}:
            return value
    vietnamese = {
        "trong trot": FarmType.CROPS,
        "cay an qua": FarmType.FRUIT,
        "chan nuoi": FarmType.LIVESTOCK,
        "thuy san": FarmType.AQUACULTURE,
        "nuoi trong thuy san": FarmType.AQUACULTURE,
        "che bien": FarmType.PROCESSING,
        "thu cong": FarmType.HANDICRAFT,
        "thu cong my nghe": FarmType.HANDICRAFT,
        "tong hop": FarmType.MIXED,
        "hon hop": FarmType.MIXED,
    }
    return vietnamese.get(folded)


def _line_error(line: int, name: str, error: str) -> str:
    """'line 4 (Lò Văn Páo): invalid phone number': the officer finds the row by its name."""
    if name:
        return _("line %(line)d (%(name)s): %(error)s") % {
            "line": line,
            "name": name[:60],
            "error": error,
        }
    return _("line %(line)d: %(error)s") % {"line": line, "error": error}


def _differs(a: str, b: str) -> bool:
    """Names differ unless only case or spacing does: a tone mark is part of a name."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split()).casefold()

    return norm(a) != norm(b)


def _merge_in_file(earlier: RosterRow, row: RosterRow, check: RosterCheck) -> None:
    """Fold a duplicate row into the earlier one and say what differed."""
    what = []
    if _differs(row.head_name, earlier.head_name):
        what.append(
            _("the name differs: “%(name)s” (line %(other)d keeps “%(kept)s”)")
            % {"name": row.head_name, "other": earlier.line, "kept": earlier.head_name}
        )
    if row.national_id and not earlier.national_id:
        what.append(_("national ID %(id)s added") % {"id": row.national_id})
    if row.commune_id != earlier.commune_id:
        what.append(
            _("the commune differs: “%(name)s” (kept “%(kept)s”)")
            % {"name": row.commune_name, "kept": earlier.commune_name}
        )
    if row.farm_type != earlier.farm_type:
        what.append(_("the farm type differs (the first row's is kept)"))
    earlier.national_id = earlier.national_id or row.national_id
    summary = "; ".join(str(w) for w in what) or _("nothing differs")
    check.merged.append(
        _("line %(line)d (%(name)s) merged into line %(other)d, same phone or ID: %(what)s")
        % {"line": row.line, "name": row.head_name, "other": earlier.line, "what": summary}
    )
    earlier.notes.append(
        _("line %(line)d merged here: %(what)s") % {"line": row.line, "what": summary}
    )
    check.merged_in_file += 1


@dataclass
class _Area:
    """The communes an officer may register households in, found by code or by name."""

    by_code: dict
    by_name: dict
    ids: set

    @classmethod
    def of(cls, communes) -> "_Area":
        by_code, by_name = _commune_lookup(communes)
        return cls(by_code=by_code, by_name=by_name, ids={c.pk for c in communes})

    def commune(self, raw: str):
        """(the commune, None) or (None, why not)."""
        if not raw:
            return None, _("the commune is missing")
        if is_plain_digits(raw):
            commune = self.by_code.get(raw.zfill(5))
        else:
            folded = fold(raw)
            matches = self.by_name.get(folded) or self.by_name.get(folded.removeprefix("xa "), [])
            if len(matches) > 1:
                return None, _("several communes are called “%(name)s”: use the commune code") % {
                    "name": raw
                }
            commune = matches[0] if matches else None
        if commune is None:
            return None, _("commune “%(name)s” is not in your area") % {"name": raw}
        return commune, None


def _row_read(line: int, cells: dict, area: _Area) -> tuple[RosterRow | None, list[str]]:
    """One line of the file as a roster row, or the reasons it cannot be one."""
    errors = []
    head_name = " ".join(cells["head_name"].split())
    if not head_name:
        errors.append(_("the head of household's name is missing"))
    elif len(head_name) > 120:
        errors.append(_("the name is too long"))
    phone = ""
    try:
        phone = normalize_phone(cells["phone"])
    except ValidationError:
        errors.append(_("invalid phone number"))
    national_id = cells["national_id"].replace(" ", "")
    if national_id and not (is_plain_digits(national_id) and len(national_id) == 12):
        errors.append(_("the national ID must have 12 digits"))
    commune, why = area.commune(cells["commune"])
    if why:
        errors.append(why)
    farm_type = _farm_type(cells["farm_type"])
    if farm_type is None:
        errors.append(_("unknown farm type “%(value)s”") % {"value": cells["farm_type"]})
    if errors:
        return None, [_line_error(line, head_name, error) for error in errors]
    row = RosterRow(
        line=line,
        head_name=head_name,
        phone=phone,
        national_id=national_id,
        commune_id=commune.pk,
        commune_name=commune.name,
        farm_type=farm_type,
    )
    return row, []


def _fold_duplicate(row: RosterRow, seen: dict, check: RosterCheck) -> bool:
    """Fold a row whose phone or national ID came earlier in the file into that row.

    Returns whether the row was a duplicate (folded in, or refused as a conflict)."""
    earlier = seen.get("p" + row.phone) or (row.national_id and seen.get("n" + row.national_id))
    if not earlier:
        seen["p" + row.phone] = row
        if row.national_id:
            seen["n" + row.national_id] = row
        return False
    if row.national_id and earlier.national_id and row.national_id != earlier.national_id:
        check.errors.append(
            _line_error(
                row.line,
                row.head_name,
                _("same phone as line %(other)d but a different national ID")
                % {"other": earlier.line},
            )
        )
    else:
        _merge_in_file(earlier, row, check)
        if earlier.national_id:
            seen["n" + earlier.national_id] = earlier
    return True


def roster_check(*, cells: list[list[str]], communes) -> RosterCheck:
    """Check every row; find duplicates inside the file and against the roster.

    `communes` are the ones the officer may register households in. A row whose
    phone or national ID is already on the roster completes that household
    (merge); it never makes a second one.
    """
    check = RosterCheck()
    columns = _columns(cells[0])
    area = _Area.of(communes)
    seen: dict[str, RosterRow] = {}
    parsed = []
    for line, row in enumerate(cells[1:], start=2):  # line 1 is the header
        values = {
            key: row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""
            for key in HEADERS
        }
        roster_row, errors = _row_read(line, values, area)
        check.errors.extend(errors)
        if roster_row is not None and not _fold_duplicate(roster_row, seen, check):
            parsed.append(roster_row)
    _match_roster(parsed, check, area.ids)
    if not check.errors:
        check.rows = parsed
    return check


def _match_roster(rows: list[RosterRow], check: RosterCheck, area_ids: set[int]) -> None:
    phones = [row.phone for row in rows]
    ids = [row.national_id for row in rows if row.national_id]
    existing = Household.objects.filter(Q(phone__in=phones) | Q(national_id__in=ids)).only(
        "pk", "phone", "national_id", "commune_id", "head_name"
    )
    by_phone = {h.phone: h for h in existing if h.phone}
    by_id = {h.national_id: h for h in existing if h.national_id}
    for row in rows:
        match_phone = by_phone.get(row.phone)
        match_id = by_id.get(row.national_id) if row.national_id else None
        if match_phone and match_id and match_phone.pk != match_id.pk:
            check.errors.append(
                _line_error(
                    row.line,
                    row.head_name,
                    _("the phone and the national ID belong to two different households"),
                )
            )
            continue
        match = match_phone or match_id
        if match is None:
            continue
        if match.commune_id not in area_ids:
            check.errors.append(
                _line_error(
                    row.line,
                    row.head_name,
                    _("this household is already registered in a commune outside your area"),
                )
            )
        elif match.national_id and row.national_id and match.national_id != row.national_id:
            check.errors.append(
                _line_error(
                    row.line,
                    row.head_name,
                    _("the phone is already registered with a different national ID"),
                )
            )
        else:
            row.merge_into = match.pk
            row.merge_name = match.head_name
            if _differs(row.head_name, match.head_name):
                row.notes.append(
                    _("the name in the file differs: the roster keeps “%(kept)s”")
                    % {"kept": match.head_name}
                )
            if row.national_id and not match.national_id:
                row.notes.append(_("national ID %(id)s added") % {"id": row.national_id})
