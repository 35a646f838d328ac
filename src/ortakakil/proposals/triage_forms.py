"""Forms of the triage list: the bulk action (its fields depend on the action) and a saved view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.core.models import Unit, User
from ortakakil.processes.models import Process

from .models import BODY_MAX, AnswerState
from .triage_selectors import assignable_evaluators, assignable_units

ACTIONS = {
    "assign": _("Assign to a unit and an evaluator"),
    "answer": _("Answer with a template"),
    "state": _("Change the answer state"),
    "hide": _("Hide with a reason"),
}
# The fields each action asks for (the others are dropped from its form).
ACTION_FIELDS = {
    "assign": ("unit", "evaluator"),
    "answer": ("answer_state", "text", "reason"),
    "state": ("state",),
    "hide": ("hide_reason",),
}


class EvaluatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class BulkActionForm(forms.Form):
    """The action's parameters, asked on the confirmation page."""

    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("— not assigned —")
    )
    evaluator: forms.ModelChoiceField[User] = EvaluatorField(
        label=_("Evaluator"), queryset=User.objects.none(), required=False, empty_label=_("— nobody —")
    )
    answer_state = forms.ChoiceField(label=_("Answer"), choices=AnswerState.choices[1:])
    text = forms.CharField(
        label=_("Official answer"),
        max_length=BODY_MAX,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The same text goes to every chosen proposal."),
    )
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=300, required=False, help_text=_("Required when rejecting.")
    )
    state = forms.ChoiceField(label=_("New answer state"), choices=AnswerState.choices)
    hide_reason = forms.CharField(label=_("Reason for hiding"), max_length=300, min_length=3)

    def __init__(self, *args: Any, process: Process, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        evaluator_field = self.fields["evaluator"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(evaluator_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = assignable_units(process)
        evaluator_field.queryset = assignable_evaluators(process)
        keep = ACTION_FIELDS.get(action, ())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
