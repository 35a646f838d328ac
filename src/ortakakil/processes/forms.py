"""Back-office forms. They parse and display; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.core.models import Unit

from .models import Phase, PreparationTask, Process, Theme
from .switches import switch_choices
from .verification import action_choices, method_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "title",
            "slug",
            "slogan",
            "summary",
            "description",
            "start_year",
            "end_year",
            "is_published",
            "title_en",
            "slogan_en",
            "summary_en",
            "description_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
        }


class PhaseForm(forms.ModelForm):
    switches = forms.MultipleChoiceField(
        label=_("Open features"),
        choices=switch_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What participants can do while this phase is the current one."),
    )
    verification_required = forms.MultipleChoiceField(
        label=_("Only verified participants may"),
        choices=action_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These actions need a verified identity in this phase."),
    )
    verification_methods = forms.MultipleChoiceField(
        label=_("Accepted verification methods"),
        choices=method_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any method counts."),
    )

    class Meta:
        model = Phase
        fields = [
            "kind",
            "name",
            "description",
            "starts_on",
            "ends_on",
            "switches",
            "verification_required",
            "verification_methods",
            "name_en",
            "description_en",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = [
            "code",
            "name",
            "summary",
            "description",
            "colour",
            "lead_unit",
            "position",
            "name_en",
            "summary_en",
            "description_en",
        ]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead_unit = cast(forms.ModelChoiceField, self.fields["lead_unit"])
        lead_unit.queryset = Unit.objects.filter(organisation_id=self.instance.process.organisation_id, is_active=True)


class PreparationTaskForm(forms.ModelForm):
    class Meta:
        model = PreparationTask
        fields = [
            "title",
            "description",
            "owner_unit",
            "phase",
            "starts_on",
            "due_on",
            "status",
            "title_en",
            "description_en",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "due_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        process = self.instance.process
        owner_unit = cast(forms.ModelChoiceField, self.fields["owner_unit"])
        phase = cast(forms.ModelChoiceField, self.fields["phase"])
        owner_unit.queryset = Unit.objects.filter(organisation_id=process.organisation_id, is_active=True)
        phase.queryset = process.phases.all()


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PreparationTask.Status.choices)
