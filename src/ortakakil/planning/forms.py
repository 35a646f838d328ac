"""Forms of the plan's back office: the council's approval, aims, goals and their goal cards,
performance indicators, the situation analysis, looking ahead and sources.

Numbers are typed the Turkish way ("12,5", "1.500.000") or the English way ("12.5"); see
``parse_number``. The forms only parse what was typed; the services in ``editing.py`` decide
what is valid."""

from __future__ import annotations

import math
import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from ortakakil.core.db import turkish_order
from ortakakil.core.models import Unit

from . import analysis_layout
from .analysis import FINDING_MAX, FOREWORD_MAX, MISSION_MAX, NEED_MAX, VALUE_MAX, VALUES_MAX, VISION_MAX
from .models import CODE_MAX, AnalysisItem, Finding, Goal, Indicator, Plan

NUMBER_INPUT_MAX = 32
LINES_INPUT_MAX = 40_000
FREQUENCIES = [("6 ay", _("every 6 months")), ("12 ay", _("every 12 months"))]
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DIGITS = re.compile(r"^[+-]?[0-9]+$")


class ApprovalForm(forms.Form):
    approved_at = forms.DateField(
        label=_("Date of the council's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    council_decision = forms.CharField(
        label=_("Council decision"),
        max_length=200,
        help_text=_("As it will be cited, e.g. “Büyükşehir Belediye Meclisi, 14.02.2020 tarih ve 412 sayılı karar”."),
    )


# --------------------------------------------------------------------------------------------
# Numbers typed the Turkish way
# --------------------------------------------------------------------------------------------


def parse_number(text: str, *, decimal_separator: str = ",") -> float:
    """The number in ``text``, read with ``decimal_separator`` (Turkish: ",") and the other mark
    as the thousands separator: "12,5" → 12.5, "1.500.000" → 1500000, "1.500.000,75".

    A lone thousands mark that cannot group thousands ("12.5", "0.25") is read as a decimal
    point, as people used to English keyboards type it. ``ValueError`` when it is no number."""
    value = _SPACES.sub("", text)
    thousands = "." if decimal_separator == "," else ","
    if not value or value.count(decimal_separator) > 1:
        raise ValueError(text)
    whole, sep, fraction = value.partition(decimal_separator)
    if thousands in whole:
        groups = whole.lstrip("+-").split(thousands)
        grouped = 1 <= len(groups[0]) <= 3 and groups[0] != "0" and all(len(group) == 3 for group in groups[1:])
        if grouped:
            whole = whole.replace(thousands, "")
        elif len(groups) == 2 and not sep:
            whole, fraction, sep = whole.split(thousands)[0], groups[1], decimal_separator
        else:
            raise ValueError(text)
    if not _DIGITS.match(whole) or (sep and not (fraction.isascii() and fraction.isdigit())):
        raise ValueError(text)
    number = float(f"{whole}.{fraction}" if fraction else whole)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def format_number(value: Any, *, decimal_separator: str = ",") -> str:
    """A stored number as it is typed back: 12.5 → "12,5", 1500000.0 → "1500000"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    number = float(value)
    text = str(int(number)) if number.is_integer() else f"{number:.10f}".rstrip("0")
    return text.replace(".", decimal_separator)


class NumberInput(forms.TextInput):
    """A text box for a number (``type=number`` would refuse "12,5" in most browsers)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return format_number(value, decimal_separator=str(get_format("DECIMAL_SEPARATOR"))) or None


class NumberField(forms.Field):
    """A number typed the Turkish way ("12,5") or with a decimal point; empty is ``None``."""

    widget = NumberInput

    def __init__(self, *, min_value: float | None = None, max_value: float | None = None, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = str(value).strip()
        if not text:
            return None
        separator = str(get_format("DECIMAL_SEPARATOR"))
        try:
            if len(text) > NUMBER_INPUT_MAX:
                raise ValueError(text)
            return parse_number(text, decimal_separator=separator)
        except ValueError:
            example = "12,5" if separator == "," else "12.5"
            raise ValidationError(
                _("Enter a number, e.g. %(example)s."), code="invalid", params={"example": example}
            ) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(_("Enter a number of at least %(min)s."), params={"min": self.min_value})
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(_("Enter a number of at most %(max)s."), params={"max": self.max_value})


class LinesField(forms.CharField):
    """A list typed one item a line (risks, strategies …); empty lines are dropped."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", LINES_INPUT_MAX)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("help_text", _("One item a line."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"), max_length=CODE_MAX, widget=forms.TextInput(attrs={"autocomplete": "off", "size": 10})
    )


def _title_field() -> forms.CharField:
    return forms.CharField(label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


def _weight_field(*, required: bool, label: Any = None) -> NumberField:
    return NumberField(
        label=label or _("Weight (%)"),
        required=required,
        min_value=0,
        max_value=100,
        widget=NumberInput(attrs={"size": 6}),
    )


# --------------------------------------------------------------------------------------------
# Aims and goals
# --------------------------------------------------------------------------------------------


class AimForm(forms.Form):
    code = _code_field()
    title = _title_field()
    weight = _weight_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("e.g. A1; unique in the plan.")
        self.fields["weight"].help_text = _("Optional; when given, the weights of all aims sum to 100.")


class GoalCreateForm(forms.Form):
    code = _code_field()
    title = _title_field()
    weight = _weight_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("e.g. H1.1; unique in the plan.")
        self.fields["weight"].help_text = _("Optional; when given, the weights of the aim's goals sum to 100.")


GOAL_LIST_FIELDS = {
    "risks": _("Risks"),
    "controls": _("Control activities"),
    "strategies": _("Strategies"),
    "activities": _("Activities and projects"),
    "findings": _("Findings"),
    "needs": _("Needs"),
}


class GoalCardForm(forms.Form):
    """The goal card (hedef kartı) apart from its indicators: one cost field per plan year."""

    code = _code_field()
    title = _title_field()
    weight = _weight_field(required=False)

    def __init__(self, data: Any = None, *, goal: Goal, plan: Plan, **kwargs: Any) -> None:
        initial = {
            "code": goal.code,
            "title": goal.title,
            "weight": goal.weight,
            "responsible_unit": goal.responsible_unit_id,
            "cooperating_units": [unit.pk for unit in goal.cooperating_units.all()],
            "themes": [theme.pk for theme in goal.themes.all()],
            **{key: getattr(goal, key) for key in GOAL_LIST_FIELDS},
            **{f"cost_{year}": goal.costs.get(str(year)) for year in plan.years},
        }
        super().__init__(data, initial=initial, **kwargs)
        self.years = plan.years
        organisation = plan.process.organisation
        current = [goal.responsible_unit_id, *initial["cooperating_units"]]
        units = Unit.objects.filter(organisation=organisation).filter(Q(is_active=True) | Q(pk__in=current))
        units = units.order_by(turkish_order("name"))
        self.fields["code"].help_text = _("e.g. H1.1; unique in the plan.")
        self.fields["responsible_unit"] = UnitChoiceField(
            label=_("Responsible unit"), queryset=units, required=False, empty_label=_("— choose a unit —")
        )
        self.fields["cooperating_units"] = UnitsField(
            label=_("Cooperating units"), queryset=units, required=False, widget=forms.CheckboxSelectMultiple
        )
        self.fields["themes"] = ThemesField(
            label=_("Themes"),
            queryset=plan.process.themes.order_by("position", "code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The themes of the process this goal answers; its sources are suggested from them."),
        )
        for key, label in GOAL_LIST_FIELDS.items():
            self.fields[key] = LinesField(label=label)
        for year in plan.years:
            self.fields[f"cost_{year}"] = NumberField(
                label=str(year), required=False, min_value=0, widget=NumberInput(attrs={"size": 12})
            )

    def cost_fields(self) -> list[forms.BoundField]:
        return [self[f"cost_{year}"] for year in self.years]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "title": data["title"],
            "weight": data["weight"],
            "responsible_unit": data["responsible_unit"],
            "cooperating_units": list(data["cooperating_units"]),
            "themes": list(data["themes"]),
            **{key: data[key] for key in GOAL_LIST_FIELDS},
            "costs": {year: data[f"cost_{year}"] for year in self.years},
        }


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------


class IndicatorForm(forms.Form):
    code = _code_field()
    title = _title_field()
    unit = forms.CharField(label=_("Unit of measure"), max_length=40, required=False, help_text=_("e.g. %, km, kişi"))
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[(Indicator.Direction.INCREASE, _("Increase")), (Indicator.Direction.DECREASE, _("Decrease"))],
        widget=forms.RadioSelect,
        initial=Indicator.Direction.INCREASE,
    )
    weight = _weight_field(required=True, label=_("Effect on the goal (%)"))
    baseline = NumberField(label=_("Baseline"), required=False, help_text=_("The value at the start of the plan."))
    monitoring = forms.ChoiceField(label=_("Monitoring frequency"), required=False)
    reporting = forms.ChoiceField(label=_("Reporting frequency"), required=False)
    cumulative = forms.BooleanField(label=_("Cumulative (the values add up over the years)"), required=False)
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, plan: Plan, indicator: Indicator | None = None, **kwargs: Any) -> None:
        initial = kwargs.pop("initial", {})
        if indicator is not None:
            initial = {
                "code": indicator.code,
                "title": indicator.title,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "weight": indicator.weight,
                "baseline": indicator.baseline,
                "monitoring": indicator.monitoring,
                "reporting": indicator.reporting,
                "cumulative": indicator.cumulative,
                "data_source": indicator.data_source,
                "description": indicator.description,
                **{f"target_{year}": indicator.targets.get(str(year)) for year in plan.years},
            }
        super().__init__(data, initial=initial, **kwargs)
        self.years = plan.years
        self.fields["code"].help_text = _("e.g. PG1.1.1; unique in the plan.")
        for name in ("monitoring", "reporting"):
            choices: list[tuple[str, Any]] = [("", _("— not set —")), *FREQUENCIES]
            kept = initial.get(name) or ""
            if kept and kept not in dict(FREQUENCIES):
                choices.append((kept, kept))  # an imported frequency the list does not know is kept
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        for year in plan.years:
            self.fields[f"target_{year}"] = NumberField(
                label=str(year), required=False, widget=NumberInput(attrs={"size": 8})
            )

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{year}"] for year in self.years]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("code", "title", "unit", "direction", "weight", "baseline")]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("monitoring", "reporting", "cumulative", "data_source", "description")]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = ("code", "title", "unit", "direction", "weight", "baseline", "monitoring", "reporting")
        return {
            **{key: data[key] for key in fields},
            "cumulative": data["cumulative"],
            "data_source": data["data_source"],
            "description": data["description"],
            "targets": {year: data[f"target_{year}"] for year in self.years},
        }


# --- the situation analysis and looking ahead ---------------------------------------------------


class AnalysisItemForm(forms.Form):
    """A row of one situation-analysis section: the section's columns under its own headings
    (``analysis_layout``), with its group first where the section has groups."""

    def __init__(self, *args: Any, section: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout = analysis_layout.layout(section)
        if layout.categories:
            self.fields["category"] = forms.ChoiceField(
                label=str(layout.category_label or _("Group")),
                choices=[("", "—"), *((code, label) for code, label in layout.categories.items())],
            )
        for column in layout.columns:
            widget = (
                forms.TextInput
                if column.field == "title"
                else forms.Textarea(attrs={"rows": 6 if column.field == "detail" else 3})
            )
            self.fields[column.field] = forms.CharField(
                label=str(column.label),
                max_length=column.max_length,
                required=column.field == "title",
                widget=widget,
                strip=False,
            )

    @staticmethod
    def initial_for(item: AnalysisItem) -> dict[str, Any]:
        return {name: getattr(item, name) for name in ("category", "title", "detail", "finding", "need")}


class FindingForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Analysis"), choices=[("", "—"), *Finding.Section.choices], help_text=_("Where the finding comes from.")
    )
    finding = forms.CharField(
        label=_("Finding"), max_length=FINDING_MAX, widget=forms.Textarea(attrs={"rows": 4}), strip=False
    )
    need = forms.CharField(
        label=_("Need"),
        max_length=NEED_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text=_("What the plan must do about it."),
    )


class PlanTextsForm(forms.Form):
    """Looking ahead: the mission, vision and core values of the plan, and its foreword."""

    mission = forms.CharField(
        label=_("Mission"),
        max_length=MISSION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        help_text=_("Why the municipality exists: what it does, for whom, and how."),
    )
    vision = forms.CharField(
        label=_("Vision"),
        max_length=VISION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text=_("Where the municipality wants to be at the end of the plan period and beyond."),
    )
    values = forms.CharField(
        label=_("Core values"),
        max_length=VALUES_MAX * (VALUE_MAX + 2),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        help_text=_("One value per line, e.g. “Katılımcılık”."),
    )
    foreword = forms.CharField(
        label=_("Foreword"),
        max_length=FOREWORD_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
        help_text=_("The foreword (sunuş) the plan document opens with."),
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            for name in ("mission", "vision"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("An update keeps the mission and vision of the approved plan.")

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        return {
            "mission": plan.mission,
            "vision": plan.vision,
            "values": "\n".join(str(value) for value in plan.values),
            "foreword": plan.foreword,
        }


class SourceSearchForm(forms.Form):
    """Search the contributions to attach as a source (GET)."""

    kind = forms.ChoiceField(
        label=_("Look among"),
        choices=[
            ("proposal", _("Proposals")),
            ("workshop_idea", _("Workshop ideas")),
            ("survey_answer", _("Survey answers")),
            ("statement", _("Opinion map statements")),
        ],
        initial="proposal",
    )
    q = forms.CharField(label=_("Words"), max_length=200, required=False)


class SourceAttachForm(forms.Form):
    """Attach a contribution by its kind and number."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("proposal", _("Proposal")),
            ("workshop_idea", _("Workshop idea")),
            ("survey_answer", _("Survey answer")),
            ("statement", _("Statement")),
        ],
    )
    object_id = forms.IntegerField(label=_("Number"), min_value=1, max_value=2**53)
