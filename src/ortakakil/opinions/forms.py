"""Forms of the opinion map's back office. They parse and display; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.processes.models import Process
from ortakakil.workshops.models import Workshop

from .models import STATEMENT_MAX, Statement
from .services import DESCRIPTION_MAX, REASON_MAX, TITLE_MAX


class ConversationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Question to participants"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )
    workshop: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        required=False,
        empty_label=_("Not at a workshop"),
        help_text=_("A conversation run at a workshop: participants vote from their phones by the table code."),
    )
    accepts_statements = forms.BooleanField(label=_("Participants may write statements"), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["workshop"].queryset = Workshop.objects.filter(process=process).order_by("date", "pk")  # type: ignore[attr-defined]


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("New seed statement"), max_length=STATEMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


MODERATION_CHOICES = [
    (Statement.Status.ACCEPTED, _("Accept")),
    (Statement.Status.REJECTED, _("Reject")),
    (Statement.Status.META, _("Meta")),
]


class ModerationForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=MODERATION_CHOICES)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *Statement.Status.choices], required=False
    )
    origin = forms.ChoiceField(
        label=_("Written by"),
        choices=[
            ("all", _("Anyone")),
            ("seed", _("Staff (seed)")),
            ("participants", _("Participants")),
            ("imported", _("Imported from Pol.is")),
        ],
        required=False,
    )
    q = forms.CharField(label=_("Words"), max_length=200, required=False)
