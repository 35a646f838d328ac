"""Back-office forms for units and users."""

from __future__ import annotations

from typing import Any, cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role, Unit, User


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "unit", "represents", "is_active"]

    def __init__(self, *args: Any, can_grant_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = cast(forms.ChoiceField, self.fields["role"])
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        if not can_grant_admin:
            role.choices = [(value, label) for value, label in Role.choices if value != Role.PLATFORM_ADMIN]
        unit.queryset = Unit.objects.filter(organisation_id=self.instance.organisation_id, is_active=True)
        self.fields["email"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.UNIT_MANAGER and not cleaned.get("unit"):
            self.add_error("unit", _("A unit manager needs a unit."))
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class LoginForm(AllauthLoginForm):
    """allauth's login form, with a label that says what to type (its Turkish one reads "Giriş Yap")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail")
