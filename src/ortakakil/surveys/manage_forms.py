"""Back-office forms of surveys and their questions. They only parse and bound what is posted;
``manage_services`` validates (Turkish messages) and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortakakil.processes.models import Process

from . import manage_services as services
from .models import Question, Survey

LINES_MAX = (services.OPTION_MAX + 2) * services.OPTIONS_MAX + 200
"""Room for twenty options of 200 characters with their line breaks (and some blank lines)."""


class SurveySettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=services.DESCRIPTION_MAX, widget=forms.Textarea
    )
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=services.TITLE_MAX)
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea,
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: answers are never linked to the person"),
        required=False,
        help_text=_("This cannot change once the survey has answers."),
    )
    is_active = forms.BooleanField(
        label=_("Accepting answers"),
        required=False,
        help_text=_("Leave it unticked (a draft) while you write the questions."),
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            self.fields["is_anonymous"].disabled = True

    @staticmethod
    def initial_of(survey: Survey) -> dict[str, Any]:
        return {
            name: getattr(survey, name)
            for name in ("title", "description", "title_en", "description_en", "is_anonymous", "is_active")
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=services.QUESTION_MAX)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For single choice, multiple choice and Likert questions: 2 to 20 options, each at most 200 "
            "characters, none twice. For a Likert scale, the labels from the lowest to the highest; leave "
            "it empty for the five-point agreement scale."
        ),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes to rank"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a ranking of themes only: at least two of the process's themes."),
    )
    text_en = forms.CharField(label=_("Question in English"), required=False, max_length=services.QUESTION_MAX)
    options_en = forms.CharField(
        label=_("Options in English, one per line"),
        required=False,
        max_length=LINES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One English label per option, in the same order; leave it empty to show the Turkish options."),
    )
    key = forms.CharField(
        label=_("Key"),
        required=False,
        max_length=40,
        help_text=_("The column name in the exports (letters a–z, digits, - and _); empty: made from the question."),
    )

    def __init__(self, *args: Any, process: Process, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [  # type: ignore[attr-defined]
            (theme.code, f"{theme.code} — {theme.name}") for theme in process.themes.order_by("position", "code")
        ]
        if locked:
            # The survey has answers: only the English texts may change. The Turkish fields are
            # shown read-only; a POST that changes them anyway is refused by the service.
            for name in ("text", "options", "key"):
                self.fields[name].widget.attrs["readonly"] = True

    @staticmethod
    def initial_of(question: Question) -> dict[str, Any]:
        ranking = question.kind == Question.Kind.RANKING
        return {
            "kind": question.kind,
            "text": question.text,
            "required": question.required,
            "options": "" if ranking else "\n".join(str(o) for o in question.options),
            "themes": [str(o) for o in question.options] if ranking else [],
            "text_en": question.text_en,
            "options_en": "\n".join(str(o) for o in question.options_en or []),
            "key": question.key,
        }
