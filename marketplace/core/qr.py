"""QR images shared by lot labels (traceability) and bank transfers (payments)."""

import io

import qrcode


def qr_png(payload: str, box_size: int = 8) -> bytes:
    """The payload as a PNG QR code (error correction M, the standard 4-module margin)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=box_size
    )
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
