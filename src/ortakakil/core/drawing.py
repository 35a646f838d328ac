"""One lock for every chart drawn with matplotlib (pure: no Django).

The charts (``workshops/charts.py``, ``portfolio/rules/charts.py``) set their fonts and SVG
options with ``matplotlib.rc_context``, which changes matplotlib's global settings for the
duration of the block and restores them at its end. Two charts drawn at once in threads would
restore each other's settings midway, so every chart draws while holding ``DRAWING``.
"""

from __future__ import annotations

import threading

DRAWING = threading.RLock()
