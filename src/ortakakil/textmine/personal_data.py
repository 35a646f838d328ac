"""What text analysis holds about a person, for «Verilerim» (``core.personal_data``): for staff,
the theme suggestions they confirmed or corrected. Embeddings and suggestions describe
contributions, not people (a contribution's own app shows it to its author). Registered from
``textmine/theme_registrations.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.personal_data import PersonalDataSource, Section, local_time, section

from .models import ThemeSuggestion

RELATIONS = {"textmine.ThemeSuggestion.decided_by": "textmine_theme_decisions"}


def sections(user: User) -> list[Section]:
    return [
        section(
            "textmine_theme_decisions",
            _("Theme suggestions you decided"),
            [
                ("contribution", _("Contribution")),
                ("theme", _("Theme")),
                ("status", _("Decision")),
                ("decided_at", _("Date")),
            ],
            ThemeSuggestion.objects.filter(decided_by=user).select_related("label").order_by("decided_at", "pk"),
            lambda s: {
                "contribution": f"{s.kind} {s.object_id}",
                "theme": s.label.code if s.label else "",
                "status": s.get_status_display(),
                "decided_at": local_time(s.decided_at) if s.decided_at else "",
            },
            staff=True,
        )
    ]


SOURCE = PersonalDataSource(key="textmine", order=45, sections=sections, relations=RELATIONS)
