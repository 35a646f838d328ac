"""A prior for theme suggestion: labelled Turkish texts the platform ships.

The Ankara demo's content (proposals, workshop ideas, and each theme's name, summary and
description; all written for the project) is a corpus of labelled contributions for the thirteen
standard workshop themes. Theme suggestion adds those of its examples whose theme code is among
the themes being learnt, so that a process with few labels of its own starts from them (the
issue's "fall back to the theme names and descriptions"), and its own labels refine it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"


def examples(themes: set[str] | None = None, *, content: Path = CONTENT) -> list[tuple[str, str]]:
    """(text, theme code) pairs of the shipped corpus, limited to ``themes`` when given."""
    out: list[tuple[str, str]] = []
    with (content / "ankara.toml").open("rb") as handle:
        for theme in tomllib.load(handle).get("themes", []):
            out.append(
                (f"{theme['name']}. {theme.get('summary', '')} {theme.get('description', '')}".strip(), theme["code"])
            )
    for name in sorted(content.glob("proposals_*.toml")):
        with name.open("rb") as handle:
            for item in tomllib.load(handle).get("proposals", []):
                out.append((f"{item['title']}. {item['body']}", item["theme"]))
    for name in sorted(content.glob("workshop_*.toml")):
        with name.open("rb") as handle:
            for item in tomllib.load(handle).get("ideas", []):
                code = item.get("theme") or item.get("table")
                if code and item.get("text"):
                    out.append((item["text"], code))
    return [(text, code) for text, code in out if themes is None or code in themes]
