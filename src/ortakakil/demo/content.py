"""Reading the demo's content files (Turkish text written by the team, in ``content/``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


def read_content(name: str) -> dict[str, Any]:
    with resources.files("ortakakil.demo").joinpath("content", name).open("rb") as handle:
        return tomllib.load(handle)
