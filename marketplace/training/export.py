"""The dashboard's figures as CSV and XLSX: the same rows the page shows."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from .selectors import STAGES, Dashboard

STAGE_LABELS = {
    "registered": lambda: _("Registered"),
    "trained": lambda: _("Trained"),
    "onboarded": lambda: _("Onboarded"),
    "selling": lambda: _("Selling"),
}


def _header() -> list[str]:
    header = [_("Commune"), _("Code"), _("Households on the roster")]
    for stage in STAGES:
        label = STAGE_LABELS[stage]()
        header += [label, _("%(stage)s (%%)") % {"stage": label}]
    header.append(_("OCOP products online"))
    return header


def _rows(dashboard: Dashboard):
    for row in [*dashboard.communes, dashboard.total]:
        name = row.commune.name if row.commune else _("Total")
        code = row.commune.code if row.commune else ""
        values = [name, code, row.roster]
        for stage in STAGES:
            rate = row.rates[stage]
            values += [rate.numerator, rate]
        values.append(row.products_ocop)
        yield values


def dashboard_csv(dashboard: Dashboard) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for values in _rows(dashboard):
        writer.writerow([v.percent if hasattr(v, "percent") else v for v in values])
    # The BOM lets Excel open Vietnamese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")[:31]
    sheet.append(_header())
    for values in _rows(dashboard):
        cells = []
        for value in values:
            if hasattr(value, "tenths"):
                cells.append(None if value.tenths is None else Decimal(value.tenths) / 10)
            else:
                cells.append(value)
        sheet.append(cells)
    if dashboard.refreshed_at:
        sheet.append([])
        sheet.append([_("Figures as of"), dashboard.refreshed_at.strftime("%Y-%m-%d %H:%M")])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
