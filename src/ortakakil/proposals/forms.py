from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.processes import traceability
from ortakakil.processes.models import Process, Theme

from .models import BODY_MAX, COMMENT_MAX, TITLE_MAX, AnswerState, Comment
from .place_fields import PlaceFieldsMixin
from .places import ANKARA_DISTRICTS  # noqa: F401  (re-exported for the views)


class ProposalForm(PlaceFieldsMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), empty_label=_("Choose a theme"))
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        min_length=5,
        help_text=_("A short sentence that says what you propose."),
    )
    body = forms.CharField(
        label=_("Proposal"),
        max_length=BODY_MAX,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is the problem, where, and what should the municipality do?"),
    )
    field_order = ["theme", "title", "body", "district", "neighbourhood", "location"]

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.order_by("position", "code")  # type: ignore[attr-defined]
        self.setup_places(process.slug)


class ProposalEditForm(ProposalForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["theme"]


class CommentForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Your stance"), choices=Comment.Stance.choices, initial=Comment.Stance.NEUTRAL, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Comment"), max_length=COMMENT_MAX, min_length=2, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Why is this inappropriate?"), max_length=300, min_length=3)


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Answer"), choices=AnswerState.choices[1:])
    text = forms.CharField(label=_("Official answer"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=300,
        required=False,
        help_text=_("Required when the proposal is rejected."),
    )
    plan_item_code = forms.ChoiceField(
        label=_("Plan goal it rests on"),
        required=False,
        help_text=_("Optional: the goal of the strategic plan that answers this proposal."),
    )

    def __init__(self, *args: Any, plan_items: Sequence[traceability.PlanItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan_items:
            choices = [("", _("— none —")), *((item.code, f"{item.code} {item.title}"[:120]) for item in plan_items)]
            cast(forms.ChoiceField, self.fields["plan_item_code"]).choices = choices
        else:  # no plan yet: nothing to cite
            del self.fields["plan_item_code"]


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, min_length=3)


class MergeForm(forms.Form):
    ids = forms.CharField(
        label=_("Numbers of the proposals to merge"),
        help_text=_("Separate with commas, e.g. 12, 57, 301."),
        max_length=500,
    )
    title = forms.CharField(label=_("Title of the merged proposal"), max_length=TITLE_MAX, min_length=5)
    body = forms.CharField(
        label=_("Text of the merged proposal"),
        max_length=BODY_MAX,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_ids(self) -> list[int]:
        raw = self.cleaned_data["ids"]
        parts = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        if not all(part.isascii() and part.isdecimal() and len(part) < 19 for part in parts):
            raise forms.ValidationError(_("Write proposal numbers separated by commas."))
        ids = sorted({int(part) for part in parts})
        if len(ids) < 2:
            raise forms.ValidationError(_("Choose at least two proposals to merge."))
        return ids
