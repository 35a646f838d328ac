"""Back-office forms for units and users; the account forms (allauth's, in our words) and the
"Verilerim" forms."""

from __future__ import annotations

from typing import Any, cast

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import accounts
from .models import PUBLIC_NAME_MAX, Role, Unit, User


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


# allauth's own strings that our catalogue translates again, with "parola" (allauth's Turkish
# catalogue says "şifre"). Our catalogue (LOCALE_PATHS) takes precedence over allauth's, so naming
# the msgids here is enough. tests/core/test_accounts_pages.py reads every account page for "şifre".
ALLAUTH_WORDING = (
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Forgot your password?"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Your account has no password set up."),
)


def _relabel(form: forms.BaseForm, labels: dict[str, Any]) -> None:
    """Our labels, and no placeholders (a visible label says it; a placeholder vanishes as one types)."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    """allauth's login form, with labels that say what to type (its Turkish one reads "Giriş Yap")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"login": _("Username or e-mail"), "password": _("Password"), "remember": _("Remember me")})
        self.fields["password"].help_text = ""  # the page links "Forgot your password?" itself


class SignupForm(AllauthSignupForm):
    """Sign-up: username, e-mail, display name, password twice, and the explicit consent to
    publishing contributions under the display name (recorded with the notice's version)."""

    public_name = forms.CharField(
        label=_("Display name"),
        max_length=PUBLIC_NAME_MAX,
        help_text=_(
            "How you appear next to your proposals and comments, e.g. “Ayşe K.” or a nickname. You can change it later."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I give my explicit consent to my proposals and comments being published on this platform "
            "under my display name, as the information notice above explains."
        ),
        error_messages={"required": _("Without this consent we cannot publish your contributions; tick the box.")},
    )
    field_order = ["username", "email", "public_name", "password1", "password2", "consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "username": _("Username"),
                "email": _("E-mail address"),
                "password1": _("Password"),
                "password2": _("Password (again)"),
            },
        )
        self.fields["username"].help_text = _("For logging in; it is not shown to others.")
        self.fields["email"].help_text = _("We send a confirmation link to it; it is not shown to others.")
        self.fields["public_name"].widget.attrs["autocomplete"] = "nickname"

    def clean_public_name(self) -> str:
        try:
            return accounts.clean_public_name(self.cleaned_data.get("public_name"))
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def custom_signup(self, request: HttpRequest, user: User) -> None:
        accounts.account_record_signup(
            user=user,
            public_name=self.cleaned_data["public_name"],
            notice_version=settings.PRIVACY_NOTICE_VERSION,
        )


class AddEmailForm(AllauthAddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password (again)"),
            },
        )
        self.fields["oldpassword"].help_text = ""


class SetPasswordForm(AllauthSetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("Password"), "password2": _("Password (again)")})


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password (again)")})


class PublicNameForm(forms.Form):
    public_name = forms.CharField(label=_("Display name"), max_length=PUBLIC_NAME_MAX)


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
