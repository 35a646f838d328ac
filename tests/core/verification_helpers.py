"""Valid T.C. identity numbers for the verification tests."""

from __future__ import annotations


def tc_number(seed: int) -> str:
    """A number that passes the T.C. kimlik numarası checksum, made from ``seed``."""
    first = f"{100000000 + seed * 7919 % 899999999:09d}"
    d = [int(c) for c in first]
    tenth = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    eleventh = (sum(d) + tenth) % 10
    return f"{first}{tenth}{eleventh}"
