"""The one QR renderer, shared by lot labels (traceability) and bank transfers (payments).

Level M survives a scuffed or partly wet label; border 4 is the quiet zone scanners need.
"""

import io

import qrcode


def _code(payload: str, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=box_size
    )
    code.add_data(payload)
    code.make(fit=True)
    return code


def qr_svg_path(payload: str) -> tuple[int, str]:
    """(size in modules, SVG path data): one horizontal run per `h` command keeps it small."""
    matrix = _code(payload).get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return len(matrix), "".join(parts)


def qr_svg(payload: str) -> str:
    """An inline SVG (no script, no external request) with only a viewBox: CSS sizes it."""
    size, path = qr_svg_path(payload)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )


def qr_png(payload: str, box_size: int = 8) -> bytes:
    """The payload as a PNG QR code, black on white."""
    buffer = io.BytesIO()
    image = _code(payload, box_size=box_size).make_image(fill_color="black", back_color="white")
    image.save(buffer, format="PNG")
    return buffer.getvalue()
