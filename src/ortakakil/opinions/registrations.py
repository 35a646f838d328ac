"""What the opinions app contributes to the registries of the apps below it: the ``opinions``
phase switch, its kinds of write for the rate limits, statements as contributions
(``"statement"``: accepted statements with their vote counts, which the plan may cite as
sources), the process page's list of conversations, the theme page's common ground, the
conversations' section of the process's back-office page, its sections of «Verilerim», the link
from a workshop table's phone page to voting on the workshop's conversation, and the workshop
report's common ground of the workshop's conversation (with its part of the report's
fingerprint, so that a cached PDF is not served once a new map changes the consensus)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import links, ratelimit
from ortakakil.core.personal_data import register_personal_data
from ortakakil.processes import contributions, sections
from ortakakil.processes.switches import register_switch
from ortakakil.workshops.report_sections import ReportSection, register_report_section

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme
    from ortakakil.workshops.models import Workshop

    from .models import Statement


def _process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .selectors import conversations_of, latest_analysis

    conversations = [(c, latest_analysis(c)) for c in conversations_of(process).order_by("theme__position", "pk")]
    if not conversations:
        return None
    return {"conversations": conversations, "voting_open": process.is_open("opinions")}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .results import consensus_of
    from .selectors import conversations_of_theme

    found = consensus_of(conversations_of_theme(theme))
    return {"consensus_blocks": found} if found else None


def _workshop_report_section(workshop: Workshop) -> Mapping[str, Any] | None:
    from .results import consensus_of
    from .selectors import conversations_of_workshop

    found = consensus_of(conversations_of_workshop(workshop))
    return {"consensus_blocks": found} if found else None


def _workshop_report_version(workshop: Workshop) -> object:
    from .results import consensus_version
    from .selectors import conversations_of_workshop

    return consensus_version(conversations_of_workshop(workshop))


class StatementKind:
    """Accepted statements of the process's conversations (open or closed), with their votes."""

    key = "statement"
    label = gettext_lazy("Opinion map statements")
    order = 40

    def public(self, process: Process, *, theme: Theme | None = None) -> QuerySet[Statement]:
        from .models import Statement

        statements = Statement.objects.filter(
            conversation__process=process, status=Statement.Status.ACCEPTED
        ).select_related("conversation__process", "conversation__theme", "author_participant")
        if theme is not None:
            statements = statements.filter(conversation__theme=theme)
        return statements

    def count(self, process: Process, *, theme: Theme | None = None) -> int:
        return self.public(process, theme=theme).count()

    @staticmethod
    def _with_counts(statements: QuerySet[Statement]) -> QuerySet[Statement]:
        return statements.annotate(
            agree=Count("votes", filter=Q(votes__value=1)),
            disagree=Count("votes", filter=Q(votes__value=-1)),
            passed=Count("votes", filter=Q(votes__value=0)),
        )

    def top(self, process: Process, *, theme: Theme | None = None, limit: int = 5) -> list[contributions.Contribution]:
        statements = self._with_counts(self.public(process, theme=theme)).order_by("-agree", "disagree", "pk")
        return [self._contribution(s) for s in statements[:limit]]

    def read(self, process: Process, *, theme: Theme | None = None) -> Iterator[contributions.Contribution]:
        for statement in self._with_counts(self.public(process, theme=theme)).order_by("pk").iterator(chunk_size=1000):
            yield self._contribution(statement)

    def read_ids(self, process: Process, pks: Iterable[int]) -> Iterator[contributions.Contribution]:
        for statement in self._with_counts(self.public(process).filter(pk__in=list(pks))).order_by("pk"):
            yield self._contribution(statement)

    def list_url(self, process: Process, *, theme: Theme | None = None) -> str:
        return ""

    @staticmethod
    def _contribution(statement: Any) -> contributions.Contribution:
        conversation = statement.conversation
        theme = conversation.theme
        url = conversation.get_absolute_url()
        participant = statement.author_participant
        return contributions.Contribution(
            kind="statement",
            pk=statement.pk,
            title=conversation.title,
            text=statement.text,
            created_at=statement.created_at,
            url=url,
            theme_id=theme.pk if theme else None,
            theme_code=theme.code if theme else "",
            theme_name=theme.name if theme else "",
            author_type=participant.stakeholder_type if participant is not None else "",
            counts={"agree": statement.agree, "disagree": statement.disagree, "pass": statement.passed},
        )


def _manage_process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    if not request.user.has_perm("opinions.manage", process):
        return None
    from .selectors import conversations_for_manage

    return {"conversations": list(conversations_for_manage(process)), "conversations_url": _list_url(process)}


def _list_url(process: Process) -> str:
    return reverse("manage:conversation_list", kwargs={"slug": process.slug})


def _table_vote_link(table: Any) -> list[links.ShownLink]:
    """«Vote on the workshop's statements» on the phone page when the workshop runs a conversation."""
    from .selectors import conversation_of_table

    conversation = conversation_of_table(table)
    if conversation is None:
        return []
    return [
        links.ShownLink(
            key=f"conversation-{conversation.pk}",
            label=_("Vote on the statements: %(title)s") % {"title": conversation.title},
            url=reverse("conversation_table_vote", kwargs={"code": table.code}),
        )
    ]


def register() -> None:
    from ortakakil.workshops.phone_links import register_phone_links

    from .personal_data import SOURCE
    from .voting import STATEMENT_SCOPE, VOTE_SCOPE, statement_rates, vote_rates

    register_switch("opinions", gettext_lazy("Opinion map (voting on statements)"))
    contributions.register(StatementKind())
    sections.register_section(
        sections.Section(
            key="opinions",
            page=sections.MANAGE_PROCESS_PAGE,
            template="opinions/manage/_process_section.html",
            context=_manage_process_section,
            order=30,
        )
    )
    sections.register_section(
        sections.Section(
            key="opinions",
            page=sections.PROCESS_PAGE,
            template="opinions/_process_section.html",
            context=_process_section,
            order=40,
        )
    )
    sections.register_section(
        sections.Section(
            key="opinions",
            page=sections.THEME_PAGE,
            template="opinions/_theme_section.html",
            context=_theme_section,
            order=15,
        )
    )
    register_report_section(
        ReportSection(
            key="opinions",
            template="opinions/_workshop_report_section.html",
            context=_workshop_report_section,
            version=_workshop_report_version,
            order=10,
        )
    )
    ratelimit.register_scope(VOTE_SCOPE, vote_rates)
    ratelimit.register_scope(STATEMENT_SCOPE, statement_rates)
    register_personal_data(SOURCE)
    register_phone_links("opinions", _table_vote_link)
