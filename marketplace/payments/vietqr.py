"""VietQR bank-transfer payloads (NAPAS on EMVCo merchant-presented QR): TLV + CRC-16.

The image is drawn by marketplace.core.qr, like every QR code of the site.
"""

import binascii
import re

from marketplace.core.text import unaccent

NAPAS_AID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
PURPOSE_MAX = 25
_PURPOSE_UNSAFE = re.compile(r"[^A-Za-z0-9 .\-]")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    return binascii.crc_hqx(data, 0xFFFF)


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def purpose_text(text: str) -> str:
    """Banking apps show the purpose as typed: no diacritics, a safe character set, 25 max."""
    plain = _PURPOSE_UNSAFE.sub("", unaccent(text))
    return " ".join(plain.split())[:PURPOSE_MAX].strip()


def vietqr_payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    reference: str = "",
    purpose: str = "",
) -> str:
    """The text encoded in the QR. With an amount the code is dynamic (01=12), else static.

    `reference` goes to 62.01 (bill number), `purpose` to 62.08 (shown in the transfer).
    """
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise ValueError("bank BIN must be 6 digits")
    if not (account.isalnum() and 1 <= len(account) <= 19):
        raise ValueError("account number must be 1 to 19 letters or digits")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_AID) + tlv("01", beneficiary) + tlv("02", TO_ACCOUNT)
    parts = [tlv("00", "01"), tlv("01", "12" if amount else "11"), tlv("38", merchant)]
    parts.append(tlv("53", "704"))
    if amount:
        parts.append(tlv("54", str(int(amount))))
    parts.append(tlv("58", "VN"))
    extra = ""
    reference = purpose_text(reference)
    if reference:
        extra += tlv("01", reference)
    purpose = purpose_text(purpose)
    if purpose:
        extra += tlv("08", purpose)
    if extra:
        parts.append(tlv("62", extra))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


# "TT" (thanh toán, payment) is how Vietnamese transfer notes abbreviate it. The prefix
# is short so that any seller order number (20 characters at most) fits in the purpose's
# 25 whole: "Thanh toan don CS000007-10" was cut to the note of CS000007-1.
NOTE_PREFIX = "TT "


def transfer_note(number: str) -> str:
    """What the buyer types (or the QR fills in) as the transfer's message.

    The seller reads the order number back from it, so it is never cut: a number that
    would not fit, or that a banking app would not carry as typed, is an error.
    """
    note = NOTE_PREFIX + number
    if purpose_text(note) != note:
        raise ValueError(f"transfer note {note!r} does not fit VietQR's purpose field")
    return note
