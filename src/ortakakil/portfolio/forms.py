"""Forms of the portfolio's back office. They parse and display; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from ortakakil.core.db import turkish_order
from ortakakil.core.models import Unit
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Proposal

from .manage_selectors import SORTS, districts_of, plan_goals
from .models import SCORE_MAX, BudgetRound, Project
from .services import plan_years

COST_MAX = 10**13
"""A project's cost in one year (whole lira): more than any municipal budget."""


def _project_label(project: Project) -> str:
    return f"{project.code} — {project.title}"


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _project_label(obj)


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Project.Kind.choices)
    goals = GoalChoiceField(
        label=_("Goals it serves"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    theme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Theme"), queryset=None, required=False)
    responsible_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=None, required=False
    )
    district = forms.CharField(label=_("District"), max_length=80, required=False)

    def __init__(self, *args: Any, process: Process, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.years = plan_years(process)
        self.fields["goals"].queryset = plan_goals(process)  # type: ignore[attr-defined]
        self.fields["theme"].queryset = process.themes.order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["responsible_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=process.organisation_id
        ).order_by(turkish_order("name"), "pk")
        for year in self.years:
            self.fields[f"cost_{year}"] = forms.IntegerField(
                label=_("Cost in %(year)s (TL)") % {"year": year},
                required=False,
                min_value=0,
                max_value=COST_MAX,
            )
        others = Project.objects.filter(process=process).order_by("code", "pk")
        if project is not None:
            others = others.exclude(pk=project.pk)
        self.fields["requires"] = ProjectChoiceField(
            label=_("Requires"),
            queryset=others,
            required=False,
            help_text=_("Projects this one can only be chosen with."),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.fields["excludes"] = ProjectChoiceField(
            label=_("Alternatives (excludes)"),
            queryset=others,
            required=False,
            help_text=_("Projects that cannot be chosen together with this one."),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.fields["proposal_number"] = forms.IntegerField(
            label=_("From the proposal no."),
            required=False,
            min_value=1,
            help_text=_("The number of a citizen proposal of this process that this project grew from."),
        )
        for name, label in (
            ("goal_value", _("Contribution to the goals (0–10)")),
            ("vision", _("Vision (0–10)")),
            ("urgency", _("Urgency (0–10)")),
        ):
            self.fields[name] = forms.FloatField(
                label=label,
                initial=0,
                validators=[MinValueValidator(0.0), MaxValueValidator(float(SCORE_MAX))],
                widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": SCORE_MAX}),
            )

    @staticmethod
    def initial_of(project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(project, name)
            for name in ("code", "title", "description", "kind", "theme", "responsible_unit", "district")
        }
        initial |= {name: getattr(project, name) for name in ("goal_value", "vision", "urgency")}
        # The newest plan's goals with the codes the project serves (it may have been linked to an
        # earlier version's goals: a plan update keeps the codes).
        initial["goals"] = list(plan_goals(project.process).filter(code__in=[g.code for g in project.goals.all()]))
        initial["requires"] = list(project.requires.all())
        initial["excludes"] = list(project.excludes.all())
        initial["proposal_number"] = project.proposal_id
        for year, amount in project.costs.items():
            initial[f"cost_{year}"] = amount
        return initial

    def clean_proposal_number(self) -> Proposal | None:
        number = self.cleaned_data.get("proposal_number")
        if number is None:
            return None
        proposal = Proposal.objects.filter(process=self.process, pk=number).first()
        if proposal is None:
            raise forms.ValidationError(_("This process has no proposal no. %(number)s."), params={"number": number})
        return proposal

    def project_data(self) -> dict[str, Any]:
        """The cleaned data in the services' terms."""
        data = dict(self.cleaned_data)
        data["costs"] = {str(year): data.pop(f"cost_{year}") for year in self.years}
        data["costs"] = {year: amount for year, amount in data["costs"].items() if amount}
        data["proposal"] = data.pop("proposal_number")
        data["goals"] = list(data["goals"])
        data["requires"] = list(data["requires"])
        data["excludes"] = list(data["excludes"])
        return data


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )
    goal: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Goal"), queryset=None, required=False, empty_label=_("All goals")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["goal"].queryset = plan_goals(process)  # type: ignore[attr-defined]
        self.fields["goal"].label_from_instance = lambda goal: f"{goal.code} {goal.title[:60]}"  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("All kinds")), *Project.Kind.choices]  # type: ignore[attr-defined]
        self.fields["district"].choices = [("", _("All districts"))] + [(d, d) for d in districts_of(process)]  # type: ignore[attr-defined]
        labels = {
            "code": _("code"),
            "title": _("title"),
            "cost": _("total cost (highest first)"),
            "value": _("value scores (highest first)"),
            "theme": _("theme"),
        }
        self.fields["sort"].choices = [(key, labels[key]) for key in SORTS]  # type: ignore[attr-defined]


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Address"), max_length=80, help_text=_("Latin letters, digits and hyphens: cevre-2020.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    theme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )
    budget = forms.IntegerField(label=_("Budget (TL)"), min_value=1, max_value=COST_MAX)
    projects = ProjectChoiceField(
        label=_("Projects on the ballot"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    vote_type = forms.ChoiceField(label=_("Ballot"), choices=BudgetRound.VoteType.choices)
    min_selections = forms.IntegerField(label=_("At least … projects"), required=False, min_value=0, max_value=500)
    max_selections = forms.IntegerField(label=_("At most … projects"), required=False, min_value=1, max_value=500)
    voter_budget_limit = forms.BooleanField(label=_("A ballot may not cost more than the budget"), required=False)
    points = forms.IntegerField(label=_("Points per voter (cumulative)"), required=False, min_value=1, max_value=10000)
    rule = forms.ChoiceField(label=_("Counting rule"), choices=BudgetRound.Rule.choices)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["projects"].queryset = (  # type: ignore[attr-defined]
            Project.objects.filter(process=process).select_related("theme").order_by("code", "pk")
        )

    @staticmethod
    def initial_of(budget_round: BudgetRound) -> dict[str, Any]:
        names: tuple[str, ...] = ("title", "slug", "description", "theme", "budget", "vote_type")
        names += ("min_selections", "max_selections", "voter_budget_limit", "points", "rule")
        initial = {name: getattr(budget_round, name) for name in names}
        initial["projects"] = list(budget_round.projects.all())
        return initial


class PbImportForm(forms.Form):
    """A vote held elsewhere, as a Pabulib file: the round it becomes (``imports.round_import``)."""

    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        help_text=_("UTF-8 text with META, PROJECTS and VOTES sections, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pb,text/plain,text/csv"}),
    )
    slug = forms.SlugField(
        label=_("Address of the new round"),
        max_length=80,
        help_text=_("Latin letters, digits and hyphens: cevre-2020."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the file's description.")
    )
    rule = forms.ChoiceField(label=_("Counting rule"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("As the file says (META rule)")), *BudgetRound.Rule.choices]  # type: ignore[attr-defined]
