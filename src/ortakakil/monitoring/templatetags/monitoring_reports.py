"""Filters of the monitoring reports' templates: numbers and rates the Turkish way."""

from __future__ import annotations

from typing import Any

from django import template

from ortakakil.monitoring.charts import format_number, format_percent

register = template.Library()


@register.filter
def number(value: float | None) -> str:
    """``1.234,5``; a dash when there is no value."""
    return "—" if value is None else format_number(value)


@register.filter
def percent(value: float | None) -> str:
    """``%45,5``, ``-%40`` (the percent sign first, as Turkish writes it); a dash when there is no
    value."""
    return "—" if value is None else format_percent(value)


@register.filter
def item(mapping: Any, key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def evaluation_parts(goal: Any) -> list[tuple[str, list[str]]]:
    """The goal's evaluation parts in the guide's order, keyed by their heading."""
    return [("went_well", goal.went_well), ("deviations", goal.deviations), ("changes", goal.changes)]
