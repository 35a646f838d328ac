"""A survey's answer form, built from its questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from .models import Question, Survey

RANKED_PLACES = 3


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, survey: Survey, theme_names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            options = list(question.options)
            label = question.localized.text
            if question.kind in {Question.Kind.SINGLE, Question.Kind.LIKERT}:
                self.fields[question.key] = forms.ChoiceField(
                    label=label, required=False, choices=question.option_choices(), widget=forms.RadioSelect
                )
            elif question.kind == Question.Kind.MULTIPLE:
                self.fields[question.key] = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=question.option_choices(),
                    widget=forms.CheckboxSelectMultiple,
                )
            elif question.kind == Question.Kind.RANKING:
                choices = [("", _("— choose —"))] + [(code, theme_names.get(code, code)) for code in options]
                for place in range(1, min(RANKED_PLACES, len(options)) + 1):
                    self.fields[f"{question.key}__{place}"] = forms.ChoiceField(
                        label=_("Priority %(n)d") % {"n": place}, required=False, choices=choices
                    )
            else:
                self.fields[question.key] = forms.CharField(
                    label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
                )

    def answers(self) -> dict[str, Any]:
        """The raw answers keyed by question, for ``survey_respond`` to validate."""
        data: dict[str, Any] = {}
        for question in self.questions:
            if question.kind == Question.Kind.RANKING:
                places = sorted(k for k in self.cleaned_data if k.startswith(f"{question.key}__"))
                data[question.key] = [self.cleaned_data[k] for k in places if self.cleaned_data[k]]
            else:
                data[question.key] = self.cleaned_data.get(question.key)
        return data

    def items(self) -> list[tuple[Question, list[forms.BoundField]]]:
        """Each question with its bound fields (one, or one per ranked place)."""
        return [
            (q, [self[name] for name in self.fields if name == q.key or name.startswith(f"{q.key}__")])
            for q in self.questions
        ]
