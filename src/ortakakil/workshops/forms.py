"""Back-office forms of the stakeholder registry. They parse and display; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortakakil.processes.models import Theme

from .models import ContactPerson, StakeholderOrganisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORE_HELP = _("From 1 (weak) to 5 (strong); 3 and above counts as strong in the priority matrix.")


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code} · {obj.process.title})"


class StakeholderForm(forms.ModelForm):
    # Capitalised msgids of their own: ``capfirst`` turns Turkish "ilgili" into "Ilgili", not "İlgili".
    influence = forms.IntegerField(label=_("Influence (1–5)"), min_value=1, max_value=5, help_text=SCORE_HELP)
    importance = forms.IntegerField(label=_("Importance (1–5)"), min_value=1, max_value=5, help_text=SCORE_HELP)
    themes = ThemeChoiceField(
        label=_("Products and services concerned"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The themes of the planning processes that concern this organisation."),
    )

    class Meta:
        model = StakeholderOrganisation
        fields = ["name", "type", "is_internal", "influence", "importance", "themes"]
        help_texts = {"is_internal": _("A unit or company of the municipality itself.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = cast(forms.ModelMultipleChoiceField, self.fields["themes"])
        themes.queryset = (
            Theme.objects.filter(process__organisation_id=self.instance.organisation_id)
            .select_related("process")
            .order_by("-process__start_year", "process__pk", "position", "code")
        )


class ContactForm(forms.ModelForm):
    consent_given_at = forms.DateField(label=_("Consent given on"), required=False, widget=DATE_WIDGET)

    class Meta:
        model = ContactPerson
        fields = ["full_name", "position", "email", "phone", "consent_purpose", "consent_given_at", "notice_version"]
        help_texts = {
            "consent_purpose": _(
                "KVKK: fill in the purpose, the date and the version of the information notice only when "
                "the person gave explicit consent — all three together."
            ),
            "notice_version": _("Which version of the information notice (aydınlatma metni) the person was shown."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given_at = self.instance.consent_given_at
        if given_at is not None and "consent_given_at" not in (kwargs.get("initial") or {}):
            # The stored moment is UTC; the day is the one in the municipality's time zone.
            self.initial["consent_given_at"] = timezone.localtime(given_at).date()

    def clean_consent_given_at(self) -> dt.datetime | None:
        """The day as the start of that day in the municipality's time zone."""
        day = self.cleaned_data.get("consent_given_at")
        if day is None:
            return None
        previous = self.instance.consent_given_at
        if previous is not None and timezone.localtime(previous).date() == day:
            return previous  # unchanged: keep the recorded moment
        return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False)
    internal = forms.ChoiceField(
        label=_("Internal or external"),
        required=False,
        choices=[("", _("All")), ("internal", _("Internal")), ("external", _("External"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = cast(forms.ChoiceField, self.fields["type"])
        choices.choices = [("", _("All types")), *StakeholderOrganisation.Type.choices]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``registry.stakeholders_of``; an invalid filter shows everything."""
        if not self.is_valid():
            return {}
        internal = {"internal": True, "external": False}.get(self.cleaned_data["internal"])
        return {"query": self.cleaned_data["q"].strip(), "type": self.cleaned_data["type"], "internal": internal}


class ContactImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX, at most 2 MB)"))
    notice_version = forms.CharField(
        label=_("Version of the information notice"),
        max_length=60,
        help_text=_("Which version of the information notice (aydınlatma metni) the people in the list signed."),
    )


class PhonesOpenForm(forms.Form):
    """How long the staff open the phone pages outside the workshop's own hours."""

    hours = forms.TypedChoiceField(
        label=_("Open the phones for"),
        coerce=int,
        choices=[(1, _("1 hour")), (2, _("2 hours")), (4, _("4 hours")), (8, _("8 hours")), (24, _("24 hours"))],
    )
