"""Money is whole Vietnamese dong, an int everywhere; this is its one formatter."""

from django.utils.translation import get_language


def format_vnd(amount: int | None, language: str | None = None) -> str:
    """`125.000 ₫` in Vietnamese, `₫125,000` in English."""
    if amount is None:
        return ""
    amount = int(amount)
    language = (language or get_language() or "vi")[:2]
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,}"
    if language == "vi":
        return f"{sign}{digits.replace(',', '.')} ₫"
    return f"{sign}₫{digits}"
