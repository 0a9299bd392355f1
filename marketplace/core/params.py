"""Numbers from request parameters, read the one safe way.

`str.isdigit()` is true for "²" and for a forty-digit number: the first breaks
`int()`, the second the database's integer column. Both came in as a 500.
"""

# Up to 18 digits: always inside a 64-bit signed integer column.
MAX_ID_DIGITS = 18


def is_plain_digits(value: str) -> bool:
    """0-9 only (no superscripts, no other scripts' digits), at least one."""
    return value.isascii() and value.isdigit()


def id_from(value) -> int | None:
    """A database id from a parameter, or None when it cannot be one."""
    text = str(value if value is not None else "").strip()
    if is_plain_digits(text) and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
