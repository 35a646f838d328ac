"""The scenario form: a name, a budget per plan year, the weights of the value scores and of
citizen demand, at least / at most so many projects per theme, and the solver's time limit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.core.text import sort_key
from ortakakil.processes.models import Process

from .models import Scenario
from .scenarios import DEFAULT_WEIGHTS, WEIGHT_KEYS

WEIGHT_LABELS = {
    "goal_value": _("Weight: contribution to the goals (%)"),
    "vision": _("Weight: vision (%)"),
    "urgency": _("Weight: urgency (%)"),
    "demand": _("Weight: citizen demand (%)"),
}
MAX_BUDGET = 10**15
TIME_LIMIT_MAX = 60.0
"""Seconds the page waits for the solver at most."""


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, process: Process, scenario: Scenario | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.years = [str(y) for y in range(process.start_year, process.end_year + 1)]
        self.themes = list(process.themes.order_by("position", "code"))
        budgets = scenario.budgets if scenario else {}
        weights = scenario.weights if scenario and scenario.weights else DEFAULT_WEIGHTS
        for year in self.years:
            self.fields[f"budget_{year}"] = forms.IntegerField(
                label=_("Budget %(year)s (TL)") % {"year": year},
                min_value=0,
                max_value=MAX_BUDGET,
                required=False,
                initial=budgets.get(year),
            )
        for key in WEIGHT_KEYS:
            self.fields[f"weight_{key}"] = forms.FloatField(
                label=WEIGHT_LABELS[key],
                min_value=0,
                max_value=100,
                initial=round(float(weights.get(key, 0)) * 100, 2),
            )
        low = scenario.min_per_theme if scenario else {}
        high = scenario.max_per_theme if scenario else {}
        for theme in self.themes:
            self.fields[f"min_{theme.code}"] = forms.IntegerField(
                label=_("At least … projects: %(theme)s") % {"theme": theme.name},
                min_value=0,
                max_value=1000,
                required=False,
                initial=low.get(theme.code),
            )
            self.fields[f"max_{theme.code}"] = forms.IntegerField(
                label=_("At most … projects: %(theme)s") % {"theme": theme.name},
                min_value=0,
                max_value=1000,
                required=False,
                initial=high.get(theme.code),
            )
        self.districts = sorted(
            set(process.projects.exclude(district="").values_list("district", flat=True)), key=sort_key
        )
        low_d = scenario.min_per_district if scenario else {}
        high_d = scenario.max_per_district if scenario else {}
        for number, district in enumerate(self.districts):
            self.fields[f"dmin_{number}"] = forms.IntegerField(
                label=_("At least … projects in %(district)s") % {"district": district},
                min_value=0,
                max_value=1000,
                required=False,
                initial=low_d.get(district),
            )
            self.fields[f"dmax_{number}"] = forms.IntegerField(
                label=_("At most … projects in %(district)s") % {"district": district},
                min_value=0,
                max_value=1000,
                required=False,
                initial=high_d.get(district),
            )
        self.fields["time_limit"] = forms.FloatField(
            label=_("Time limit of the solver (seconds)"),
            min_value=0.1,
            max_value=TIME_LIMIT_MAX,
            initial=scenario.time_limit if scenario else 10.0,
            help_text=_("The solver stops at the proven best portfolio or at this limit, whichever comes first."),
        )
        if scenario is not None:
            self.fields["name"].initial = scenario.name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        budgets = {y: data[f"budget_{y}"] for y in self.years if data.get(f"budget_{y}") is not None}
        if not budgets and not self.errors:
            raise forms.ValidationError(_("Give the budget of at least one year."))
        weights = {key: (data.get(f"weight_{key}") or 0) / 100 for key in WEIGHT_KEYS}
        if not self.errors and sum(weights.values()) <= 0:
            raise forms.ValidationError(_("At least one weight must be above zero."))
        low = {t.code: data[f"min_{t.code}"] for t in self.themes if data.get(f"min_{t.code}") is not None}
        high = {t.code: data[f"max_{t.code}"] for t in self.themes if data.get(f"max_{t.code}") is not None}
        low_d = {d: data[f"dmin_{i}"] for i, d in enumerate(self.districts) if data.get(f"dmin_{i}") is not None}
        high_d = {d: data[f"dmax_{i}"] for i, d in enumerate(self.districts) if data.get(f"dmax_{i}") is not None}
        for name, least, most in [
            *((c, n, high.get(c)) for c, n in low.items()),
            *((d, n, high_d.get(d)) for d, n in low_d.items()),
        ]:
            if most is not None and most < least:
                raise forms.ValidationError(
                    _("%(theme)s: the most projects cannot be fewer than the least.") % {"theme": name}
                )
        return {
            "name": data.get("name", ""),
            "budgets": budgets,
            "weights": weights,
            "min_per_theme": low,
            "max_per_theme": high,
            "min_per_district": low_d,
            "max_per_district": high_d,
            "time_limit": data.get("time_limit") or 10.0,
        }
