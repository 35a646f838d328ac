"""Forms of the workshops app, by stage: the registry, the event and its files, invitations and
tables, the door, table mode. They parse and display; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ortakakil.core.db import turkish_order
from ortakakil.core.models import STAFF_ROLES, User
from ortakakil.processes.models import Theme

from . import event
from .models import ContactPerson, Idea, StakeholderOrganisation, Workshop, WorkshopTable

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


IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ContactImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX, at most 2 MB)"))
    notice_version = forms.CharField(
        label=_("Version of the information notice"),
        max_length=60,
        help_text=_("Which version of the information notice (aydınlatma metni) the people in the list signed."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


# --- the event and its files -------------------------------------------------------------------------

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AgendaField(forms.CharField):
    """The agenda (a list of items) edited as a textarea, one item per line."""

    widget = forms.Textarea(attrs={"rows": 8})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return event.agenda_lines(str(super().to_python(value)))

    def validate(self, value: Any) -> None:
        super().validate(value)
        try:
            event.clean_agenda(value)
        except ValidationError as error:
            raise ValidationError(error.error_dict["agenda"]) from None

    def run_validators(self, value: Any) -> None:
        """CharField's validators measure one string; the agenda's rules are in ``event.clean_agenda``."""


class WorkshopForm(forms.ModelForm):
    agenda = AgendaField(label=_("Agenda"), required=False)
    agenda_en = AgendaField(label=_("Agenda in English"), required=False)

    class Meta:
        model = Workshop
        fields = [
            "title",
            "slug",
            "slogan",
            "date",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "description",
            "agenda",
            "dots_per_participant",
            "title_en",
            "slogan_en",
            "description_en",
            "agenda_en",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "starts_at": TIME_WIDGET,
            "ends_at": TIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"slug": _("Part of the workshop's web address: lower-case letters, digits and hyphens.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model field's own bounds (0 … 32767) would otherwise be the widget's.
        self.fields["dots_per_participant"].widget.attrs.update(min=event.DOTS_MIN, max=event.DOTS_MAX)
        self.fields["agenda"].help_text = gettext(
            "One item per line, e.g. “10.00 Opening speeches”. At most %(items)d lines of %(chars)d characters."
        ) % {"items": event.AGENDA_MAX_ITEMS, "chars": event.AGENDA_ITEM_MAX_CHARS}
        self.fields["agenda_en"].help_text = gettext(
            "Shown when the interface is in English; leave it empty to show the Turkish agenda. The same limits apply."
        )


class WorkshopFileForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Shown to participants and used as the name of the download. Leave empty to use the file's name."),
    )
    presenter = forms.CharField(label=_("Presented by"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in event.FILE_EXTENSIONS)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("%(extensions)s; at most %(limit)d MB.") % {
            "extensions": ", ".join(event.FILE_EXTENSIONS).upper(),
            "limit": event.file_max_bytes() // (1024 * 1024),
        }


# --- invitations and tables ----------------------------------------------------------------------------


class InviteForm(forms.Form):
    stakeholders = forms.ModelMultipleChoiceField(
        queryset=StakeholderOrganisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisations to invite"),
        error_messages={"required": _("Choose at least one organisation.")},
    )

    def __init__(self, *args: Any, stakeholders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["stakeholders"]).queryset = stakeholders


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class TableForm(forms.ModelForm):
    facilitators = PeopleField(
        label=_("Facilitators"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WorkshopTable
        fields = ["capacity", "facilitators"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PeopleField, self.fields["facilitators"]).queryset = User.objects.filter(
            organisation_id=self.instance.workshop.process.organisation_id, role__in=STAFF_ROLES, is_active=True
        ).order_by(turkish_order("first_name"), turkish_order("last_name"), turkish_order("username"))


class PhonesOpenForm(forms.Form):
    """How long the staff open the phone pages outside the workshop's own hours."""

    hours = forms.TypedChoiceField(
        label=_("Open the phones for"),
        coerce=int,
        choices=[(1, _("1 hour")), (2, _("2 hours")), (4, _("4 hours")), (8, _("8 hours")), (24, _("24 hours"))],
    )


# --- the door ---------------------------------------------------------------------------------------------


class WalkInForm(forms.Form):
    stakeholder = forms.ModelChoiceField(queryset=StakeholderOrganisation.objects.none(), label=_("Organisation"))
    attendee_name = forms.CharField(label=_("Full name"), min_length=3, max_length=120)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["stakeholder"]).queryset = StakeholderOrganisation.objects.filter(
            organisation_id=organisation_id
        ).order_by(turkish_order("name"), "pk")


# --- table mode ------------------------------------------------------------------------------------------


class IdeaForm(forms.Form):
    """Correcting a captured idea: its text, kind and speaker."""

    text = forms.CharField(
        label=_("Idea as it is said"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Idea.Kind.choices)
    speaker = forms.ModelChoiceField(
        label=_("Said by (optional)"), queryset=StakeholderOrganisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, speakers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["speaker"]).queryset = speakers


class IdeasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.text}"


class MergeForm(forms.Form):
    """The ideas of the table to merge into the one being kept."""

    others = IdeasField(
        label=_("Ideas that say the same thing"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one idea to merge into this one.")},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(IdeasField, self.fields["others"]).queryset = candidates
