"""What the workshops app contributes to the registries below it: ideas said at workshop tables
as contributions, the list of workshops on the process page and on its back-office page, the theme
page's section with what the theme's tables said, and the stakeholder registry's links on the
back-office dashboard. Called from ``WorkshopsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import links, ratelimit
from ortakakil.core.personal_data import register_personal_data
from ortakakil.processes import contributions, sections

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme

    from .models import Idea


class WorkshopIdeaKind:
    """Ideas captured at workshop tables (by facilitators or on phones)."""

    key = "workshop_idea"
    label = gettext_lazy("Workshop ideas")
    order = 20

    def public(self, process: Process, *, theme: Theme | None = None) -> QuerySet[Idea]:
        from .selectors import public_ideas

        return public_ideas(process, theme=theme)

    def count(self, process: Process, *, theme: Theme | None = None) -> int:
        return self.public(process, theme=theme).count()

    def top(self, process: Process, *, theme: Theme | None = None, limit: int = 5) -> list[contributions.Contribution]:
        ideas = self.public(process, theme=theme).order_by("-votes_count", "pk")[:limit]
        return [self._contribution(process, idea) for idea in ideas]

    def read(self, process: Process, *, theme: Theme | None = None) -> Iterator[contributions.Contribution]:
        for idea in self.public(process, theme=theme).order_by("pk").iterator(chunk_size=1000):
            yield self._contribution(process, idea)

    def read_ids(self, process: Process, pks: Iterable[int]) -> Iterator[contributions.Contribution]:
        for idea in self.public(process).filter(pk__in=list(pks)).order_by("pk"):
            yield self._contribution(process, idea)

    def list_url(self, process: Process, *, theme: Theme | None = None) -> str:
        return ""

    @staticmethod
    def _contribution(process: Process, idea: Idea) -> contributions.Contribution:
        table = idea.table
        url = reverse(
            "table_report", kwargs={"slug": process.slug, "workshop": table.workshop.slug, "code": table.code}
        )
        return contributions.Contribution(
            kind="workshop_idea",
            pk=idea.pk,
            title=str(idea.get_kind_display()),
            text=idea.text,
            created_at=idea.created_at,
            url=url,
            theme_id=table.theme_id,
            theme_code=table.theme.code,
            theme_name=table.theme.name,
            author_type=idea.speaker.type if idea.speaker else "",
            counts={"dots": idea.votes_count},
        )


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import workshops_of

    workshops = list(workshops_of(process))
    return {"workshops": workshops} if workshops else None


def _manage_process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any]:
    from .selectors import workshops_of

    return {"workshops": list(workshops_of(process))}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import theme_workshop_tables

    assert theme is not None  # noqa: S101 - a theme page section
    tables = theme_workshop_tables(theme)
    return {"workshop_tables": tables} if tables else None


def _facilitated_tables(user: Any) -> list[links.ShownLink]:
    """The tables this person facilitates, newest workshop first, each with its table mode."""
    from .selectors import tables_facilitated_by

    return [
        links.ShownLink(
            key=f"table-{table.pk}",
            label=_("Table mode: %(theme)s — %(workshop)s%(closed)s")
            % {
                "theme": table.theme.localized.name,
                "workshop": table.workshop.localized.title,
                "closed": _(" (closed)") if table.is_closed else "",
            },
            url=reverse("table_mode", kwargs={"code": table.code}),
        )
        for table in tables_facilitated_by(user)
    ]


def register() -> None:
    from .live import PHONE_IDEA_SCOPE, phone_address_rates
    from .personal_data import SOURCE

    register_personal_data(SOURCE)
    ratelimit.register_scope(PHONE_IDEA_SCOPE, phone_address_rates)
    links.register_link(
        links.Link(
            key="stakeholders",
            place=links.ORGANISATION_BACKOFFICE,
            label=gettext_lazy("Stakeholder registry"),
            url_name="manage:stakeholder_list",
            order=10,
        )
    )
    links.register_link(
        links.Link(
            key="stakeholder_matrix",
            place=links.ORGANISATION_BACKOFFICE,
            label=gettext_lazy("Stakeholder priority matrix"),
            url_name="manage:stakeholder_matrix",
            order=20,
        )
    )
    links.register_personal_links("workshops", _facilitated_tables)
    contributions.register(WorkshopIdeaKind())
    sections.register_section(
        sections.Section(
            key="workshops",
            page=sections.PROCESS_PAGE,
            template="workshops/_process_section.html",
            context=_process_section,
            order=20,
        )
    )
    sections.register_section(
        sections.Section(
            key="workshops",
            page=sections.MANAGE_PROCESS_PAGE,
            template="workshops/manage/_process_section.html",
            context=_manage_process_section,
            order=20,
        )
    )
    sections.register_section(
        sections.Section(
            key="workshops",
            page=sections.THEME_PAGE,
            template="workshops/_theme_section.html",
            context=_theme_section,
            order=20,
        )
    )
