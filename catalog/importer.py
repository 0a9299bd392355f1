"""Reading and checking a spreadsheet of products (CSV or XLSX) before anything is saved."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marketplace.core.money import parse_vnd
from marketplace.core.params import is_plain_digits
from marketplace.core.spreadsheets import SpreadsheetError, table_read
from marketplace.core.text import fold
from marketplace.sellers.models import Seller

from .models import Category, Product, ProductStatus, Unit

MAX_ROWS = 1000
MAX_STOCK = 10**9  # as the portal's product form
MAX_BYTES = 2 * 1024 * 1024
# Column titles a farmer or an officer may write, with or without accents.
COLUMNS = {
    "name": ("ten", "ten san pham", "name"),
    "category": ("danh muc", "loai", "category"),
    "price": ("gia", "gia ban", "price"),
    "unit": ("don vi", "don vi tinh", "unit"),
    "stock": ("ton kho", "so luong", "stock"),
    "description": ("mo ta", "description"),
    "sku": ("ma", "ma san pham", "ma sp", "sku"),
    # Optional, for delivery; an empty cell leaves an updated product's value as it is.
    "weight_grams": ("khoi luong g", "khoi luong", "weight g", "weight grams"),
    "local_only": ("chi trong tinh", "local only"),
}
MAX_WEIGHT_GRAMS = 10**6  # as the portal's product form
YES_WORDS = {"x", "co", "1", "yes", "true", "dung"}
NO_WORDS = {"khong", "0", "no", "false", "sai"}
REQUIRED = ("name", "category", "price", "unit")
UNIT_WORDS = {
    "kg": Unit.KG,
    "ky": Unit.KG,
    "kilogram": Unit.KG,
    "500g": Unit.GRAM_500,
    "tui 500g": Unit.GRAM_500,
    "hop": Unit.BOX,
    "box": Unit.BOX,
    "chai": Unit.BOTTLE,
    "bottle": Unit.BOTTLE,
    "tui": Unit.BAG,
    "bag": Unit.BAG,
    "cai": Unit.PIECE,
    "qua": Unit.PIECE,
    "piece": Unit.PIECE,
    "bo": Unit.BUNCH,
    "buong": Unit.BUNCH,
    "bunch": Unit.BUNCH,
    "lit": Unit.LITRE,
    "litre": Unit.LITRE,
}


def import_rows_read(upload) -> list[dict]:
    """The file's rows as dicts keyed by our column names, each with its line number."""
    table = table_read(file=upload, aliases=COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    if table.unknown:
        raise SpreadsheetError(
            _(
                "Unknown columns: %(columns)s. "
                "Allowed: name, category, price, unit, stock, description, sku."
            )
            % {"columns": ", ".join(table.unknown)}
        )
    missing = [key for key in REQUIRED if key not in table.columns]
    if missing:
        raise SpreadsheetError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if not table.rows:
        raise SpreadsheetError(_("The file has a header but no product rows."))
    return table.records()


def _whole_number(text: str) -> int | None:
    """A stock count: 1.000, 1,000, 1000 or Excel's 1000.0 (money goes through parse_vnd)."""
    cleaned = text.replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    cleaned = cleaned.replace(".", "").replace(",", "")
    # Past 30 digits it is no stock at all (and int() refuses past 4300).
    return int(cleaned) if is_plain_digits(cleaned) and len(cleaned) <= 30 else None


def _delivery_clean(row: dict, problems: list[str]) -> dict:
    """The optional delivery columns of a row, only where a cell is filled in."""
    clean = {}
    weight = row.get("weight_grams", "")
    if weight:
        grams = _whole_number(weight)
        if grams is None or grams > MAX_WEIGHT_GRAMS:
            problems.append(_("the weight must be whole grams, from 0 to 1000000"))
        else:
            clean["weight_grams"] = grams
    local = fold(row.get("local_only", ""))
    if local in YES_WORDS or local in NO_WORDS:
        clean["local_only"] = local in YES_WORDS
    elif local:
        problems.append(_("“only within the province” must be x or empty"))
    return clean


def _row_clean(row: dict, *, categories: dict, units: dict) -> tuple[dict, list[str]]:
    """One row's values as the product needs them, and what is wrong with them."""
    problems = []
    name = row.get("name", "")
    if not name:
        problems.append(_("the name is empty"))
    elif len(name) > 200:
        problems.append(_("the name is longer than 200 characters"))
    category = categories.get(fold(row.get("category", "")))
    if category is None:
        problems.append(_("unknown category “%(value)s”") % {"value": row.get("category", "")})
    try:
        price = parse_vnd(row.get("price", ""))
    except ValidationError as error:
        price = None
        problems.append(_("price: %(reason)s") % {"reason": " ".join(error.messages)})
    unit = units.get(fold(row.get("unit", "")))
    if unit is None:
        problems.append(_("unknown unit “%(value)s”") % {"value": row.get("unit", "")})
    stock = _whole_number(row.get("stock", "") or "0")
    if stock is None:
        problems.append(_("stock must be a whole number, 0 or more"))
    elif stock > MAX_STOCK:
        problems.append(_("stock is too large"))
    sku = row.get("sku", "")
    if len(sku) > 40:
        problems.append(_("the code is longer than 40 characters"))
    clean = {
        "line": row["line"],
        "name": name,
        "category": category,
        "price": price,
        "unit": unit,
        "stock": stock,
        "description": row.get("description", ""),
        "sku": sku,
        **_delivery_clean(row, problems),
    }
    return clean, problems


def import_rows_validate(raw: list[dict], *, seller: Seller) -> tuple[list[dict], list[str]]:
    """Cleaned rows ready for `products_import`, and every error as "dòng N: ..."."""
    categories = {}
    for category in Category.objects.all():
        categories[category.slug] = category
        categories[fold(category.name)] = category
    units = {**UNIT_WORDS, **{fold(str(label)): value for value, label in Unit.choices}}
    rows, errors = [], []
    for row in raw:
        clean, problems = _row_clean(row, categories=categories, units=units)
        for problem in problems:
            errors.append(
                _("line %(line)s: %(problem)s") % {"line": row["line"], "problem": problem}
            )
        if not problems:
            rows.append(clean)
    return rows, errors


def import_rows_match(rows: list[dict], *, seller: Seller) -> int:
    """Mark each row with the seller's product it would duplicate (`row["match"]`).

    Same code (SKU) when the sheet has one, else same name, case and accents aside,
    and same unit. Archived products are not matched: they are off sale for good.
    One query; returns how many rows matched.
    """
    by_sku, by_name = {}, {}
    products = Product.objects.filter(seller=seller).exclude(status=ProductStatus.ARCHIVED)
    for product in products.order_by("pk"):
        if product.sku:
            by_sku.setdefault(fold(product.sku), product)
        by_name.setdefault((product.name_folded, product.unit), product)
    matched = 0
    for row in rows:
        match = None
        if row.get("sku"):
            match = by_sku.get(fold(row["sku"]))
        if match is None:
            match = by_name.get((fold(row["name"]), row["unit"]))
            if match and match.sku and row.get("sku"):
                match = None  # same name, but the codes say they are two products
        row["match"] = match
        matched += match is not None
    return matched
