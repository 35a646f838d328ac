"""Back-office forms of the workshop event and its files. They parse and display; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ortakakil.processes.forms import DATE_WIDGET

from . import event
from .models import Workshop

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
