"""The dashboard's figures as CSV and XLSX: the same rows the page shows, written by
`core.spreadsheets` (formula-safe)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.spreadsheets import sheet_csv, sheet_xlsx

from .funnel import STAGES
from .selectors import Dashboard

STAGE_LABELS = {
    "registered": lambda: _("Registered"),
    "trained": lambda: _("Trained"),
    "onboarded": lambda: _("Onboarded"),
    "selling": lambda: _("Selling"),
}


EXPORT_LIMIT = 20_000


STAGE_CHOICES = {
    "not_trained": lambda: _("Not yet trained"),
    "trained": lambda: _("Trained, not yet onboarded"),
    "onboarded": lambda: _("Onboarded, not yet selling"),
    "selling": lambda: _("Selling"),
}


def stage_choices() -> list[tuple[str, str]]:
    return [(key, label()) for key, label in STAGE_CHOICES.items()]


def as_of_text(when) -> str:
    """Viet Nam time, written as the page writes it (H:i d/m/Y)."""
    return timezone.localtime(when).strftime("%H:%M %d/%m/%Y")


def _as_of_row(when) -> list[str]:
    return [_("Figures as of"), as_of_text(when)]


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _household_rows(households):
    yield [
        _("Head of household"),
        _("Phone"),
        _("Registered"),
        _("Trained"),
        _("Onboarded"),
        _("Selling"),
    ]
    for h in households:
        yield [
            h.head_name,
            h.phone_display,
            _day(h.user.date_joined if h.user_id else None),
            _day(h.trained_on),
            _day(h.onboarded_at),
            _day(h.selling_since),
        ]


def households_rows(households, *, as_of) -> list[list]:
    return [*_household_rows(households), [], _as_of_row(as_of)]


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


def dashboard_rows(dashboard: Dashboard, *, xlsx: bool) -> list[list]:
    """The page's rows; rates as "72,3 %" text in CSV, as numbers (72.3) in XLSX."""
    rows = [_header()]
    for values in _rows(dashboard):
        cells = []
        for value in values:
            if not hasattr(value, "tenths"):
                cells.append(value)
            elif xlsx:
                cells.append(None if value.tenths is None else Decimal(value.tenths) / 10)
            else:
                cells.append(value.percent)
        rows.append(cells)
    if dashboard.refreshed_at:
        rows += [[], _as_of_row(dashboard.refreshed_at)]
    return rows


def dashboard_csv(dashboard: Dashboard) -> bytes:
    return sheet_csv(dashboard_rows(dashboard, xlsx=False))


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    return sheet_xlsx(dashboard_rows(dashboard, xlsx=True), title=_("Figures"))
