"""The verification QR code of every renderer, made one way: segno, error correction level
M (about 15 % of the symbol may be damaged, e.g. by a stamp or a fold, and it still reads).
The DOCX embeds it as PNG, the HTML for the PDF inlines it as SVG, the certificate PDF draws
its modules; all three start from :func:`qr_code`."""

from __future__ import annotations

from io import BytesIO
from typing import Any


def qr_code(url: str) -> Any:
    """The QR code of a verification URL (a ``segno.QRCode``)."""
    import segno

    return segno.make(url, error="m")


def qr_png(url: str, *, scale: int = 6) -> BytesIO:
    """The code as a PNG stream with a one-module quiet zone (the paper around it is white)."""
    png = BytesIO()
    qr_code(url).save(png, kind="png", scale=scale, border=1)
    png.seek(0)
    return png


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The code as inline SVG markup, without a quiet zone (the layout leaves the margin),
    with its namespace declared so that the paper's markup is also well-formed XML."""
    import io

    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=scale,
                      border=0)
    return out.getvalue().decode("utf-8")


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules, row by row (True is dark), for renderers that draw them."""
    return [[bool(dark) for dark in row] for row in qr_code(url).matrix]
