"""One lock for every chart drawn with matplotlib (pure: no Django).

The charts (``workshops/charts.py``, ``portfolio/rules/charts.py``) set their fonts and SVG
options with ``matplotlib.rc_context``, which changes matplotlib's global settings for the
duration of the block and restores them at its end. Two charts drawn at once in threads would
restore each other's settings midway, so every chart draws while holding ``DRAWING``.
``inline_svg`` turns a drawn SVG document into an accessible image a page can hold.
"""

from __future__ import annotations

import re
import threading
from xml.sax.saxutils import escape, quoteattr

DRAWING = threading.RLock()


def inline_svg(
    svg: str,
    *,
    chart_id: str,
    title: str,
    description: str = "",
    described_by: str = "",
    attributes: str = 'class="chart-svg"',
    scope_ids: bool = False,
) -> str:
    """Make matplotlib's SVG document inlineable in a page: drop the prolog, name the image
    (``role="img"``, a ``<title>``, and a ``<desc>`` when ``description`` is given, which
    ``aria-describedby`` names before the ids in ``described_by``), scope matplotlib's ``*``
    stylesheet to the chart, and with ``scope_ids`` prefix every id with ``chart_id``: matplotlib
    numbers its groups ``axes_1``, ``line2d_1``… in every chart, and a page may hold many."""
    svg = svg[svg.index("<svg") :]
    if scope_ids:
        svg = re.sub(r'(\bid="|url\(#|href="#)([^"()]+)', lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    opening_end = svg.index(">") + 1
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = " ".join([desc_id, *described_by.split()]) if description else described_by
    naming = f"role={quoteattr('img')} aria-labelledby={quoteattr(title_id)} "
    if described:
        naming += f"aria-describedby={quoteattr(described)} "
    root = svg[:opening_end].replace("<svg ", f"<svg id={quoteattr(chart_id)} {naming}{attributes} ", 1)
    head = f"\n <title id={quoteattr(title_id)}>{escape(title)}</title>"
    if description:
        head += f"\n <desc id={quoteattr(desc_id)}>{escape(description)}</desc>"
    svg = root + head + svg[opening_end:]
    # matplotlib's stylesheet uses ``*``, which inline would reach every element of the page.
    return svg.replace('<style type="text/css">*{', f'<style type="text/css">#{chart_id} *{{', 1)
