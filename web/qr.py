"""The invite QR code as inline SVG, drawn locally by the `qrcode` package (no network, no images)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(data: str) -> Markup:
    """An SVG <svg> element for `data`; safe to put in a template as it is."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    # The generated markup holds only path data derived from the bytes of `data`; no text from `data`.
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR-code met de uitnodigingslink" ', 1))
