"""Forms of the plan's back office."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApprovalForm(forms.Form):
    approved_at = forms.DateField(
        label=_("Date of the council's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    council_decision = forms.CharField(
        label=_("Council decision"),
        max_length=200,
        help_text=_("As it will be cited, e.g. “Büyükşehir Belediye Meclisi, 14.02.2020 tarih ve 412 sayılı karar”."),
    )
