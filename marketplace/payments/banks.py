"""The banks that take VietQR transfers (NAPAS list, `data/banks.json`, source in data/README.md).

A leaf module (standard library and Django forms only, no table): VietQR reads it, and the
seller portal's shop details form offers its picker.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import fold

DATA = Path(__file__).parent / "data" / "banks.json"


@dataclass(frozen=True)
class Bank:
    bin: str
    code: str
    short_name: str
    name: str

    @property
    def label(self) -> str:
        """What a seller recognises in a list: "Vietcombank · Ngân hàng TMCP Ngoại Thương…"."""
        return f"{self.short_name} · {self.name}"


@cache
def banks() -> tuple[Bank, ...]:
    with DATA.open(encoding="utf-8") as file:
        rows = json.load(file)
    return tuple(sorted((Bank(**row) for row in rows), key=lambda b: fold(b.short_name)))


@cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in banks()}


def bank_by_bin(bin: str) -> Bank | None:
    return _by_bin().get(bin or "")


def bank_name(bin: str) -> str:
    """The short name for a BIN; the BIN itself if the list does not know it (yet)."""
    bank = bank_by_bin(bin)
    return bank.short_name if bank else bin or ""


class BankField(forms.ChoiceField):
    """A select of banks by short and full name that stores the 6-digit BIN.

    A BIN saved before the list knew it stays selectable, so editing a shop never
    silently drops its bank.
    """

    def __init__(self, *, current: str = "", **kwargs):
        kwargs.setdefault("label", _("Bank"))
        choices = [("", _("— Choose your bank —"))] + [(b.bin, b.label) for b in banks()]
        if current and current not in _by_bin():
            choices.append((current, current))
        super().__init__(choices=choices, **kwargs)
