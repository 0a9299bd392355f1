"""The blank household list officers download, fill in and import."""

import csv
import io

from django.utils.translation import gettext as _

from marketplace.core.spreadsheets import sheet_title

# The roster import reads these (see roster.HEADERS): the names officers already use.
TEMPLATE_HEADER = ["Chủ hộ", "Số điện thoại", "CCCD", "Xã", "Loại hình"]


def roster_template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_HEADER)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def roster_template_xlsx(communes) -> bytes:
    """The header row to fill in, and a second sheet with the area's communes and codes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(_("Households"))
    sheet.append(TEMPLATE_HEADER)
    for column in "ABCDE":
        sheet.column_dimensions[column].width = 22
    # Phones and IDs as text: Excel would drop their leading zero.
    for column in "BC":
        for row in range(2, 1002):
            sheet[f"{column}{row}"].number_format = "@"
    codes = workbook.create_sheet(sheet_title(_("Communes")))
    codes.append([_("Commune"), _("Code")])
    for commune in communes:
        codes.append([commune.name, commune.code])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
