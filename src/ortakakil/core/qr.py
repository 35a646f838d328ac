"""QR codes as inline SVG (segno), e.g. a workshop table's phone link on the room's wall."""

from __future__ import annotations

import io
from xml.sax.saxutils import quoteattr

import segno

BORDER = 4  # the quiet zone the QR specification asks for, in modules


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> str:
    """``data`` as a QR code (error correction level M or better), SVG markup without an XML declaration.

    A full QR code is used, never a Micro QR: phone cameras do not all read those. The image keeps
    its width and height (``scale`` pixels per module) and gains a viewBox, so it shrinks to fit.
    ``title`` names the image for screen readers; without one it is hidden from them.
    """
    code = segno.make_qr(data, error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgclass="qr",
        omitsize=False,
        title=title or None,
        scale=scale,
        border=BORDER,
        light="#fff",  # scanners need a light quiet zone, whatever the page's background
    )
    svg = buffer.getvalue().decode("utf-8")
    width, height = code.symbol_size(scale=scale, border=BORDER)
    accessible = f'role="img" aria-label={quoteattr(title)}' if title else 'aria-hidden="true"'
    # Its own size, but never wider than its container (the viewBox lets it shrink).
    fit = 'style="max-width: 100%; height: auto"'
    return svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" {fit} {accessible} ', 1)
