"""The planning guide's stakeholder priority matrix (influence × importance). Pure: no Django.

Scores run from 1 to 5; 3 and above is "strong". The four quadrants and what to do:

* weak influence, weak importance → monitor (izle)
* strong influence, weak importance → inform (bilgilendir)
* weak influence, strong importance → protect their interests and involve them
  (çıkarlarını gözet, çalışmalara dahil et)
* strong influence, strong importance → work together (birlikte çalış)
"""

from __future__ import annotations

from enum import StrEnum

STRONG_FROM = 3


class Priority(StrEnum):
    MONITOR = "izle"
    INFORM = "bilgilendir"
    INVOLVE = "dahil_et"
    PARTNER = "birlikte_calis"


def priority(influence: int, importance: int) -> Priority:
    if not (1 <= influence <= 5 and 1 <= importance <= 5):
        raise ValueError("influence and importance are scores from 1 to 5")
    strong_influence = influence >= STRONG_FROM
    strong_importance = importance >= STRONG_FROM
    if strong_influence and strong_importance:
        return Priority.PARTNER
    if strong_influence:
        return Priority.INFORM
    if strong_importance:
        return Priority.INVOLVE
    return Priority.MONITOR
