"""What the proposals app contributes to the registries of the apps below it: its phase switches,
proposals as contributions, its sections of the process and theme pages, and the header badge of
unread notifications. Called from ``ProposalsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortakakil.core import links, ratelimit
from ortakakil.core.badges import Badge, register_badge
from ortakakil.core.models import Role
from ortakakil.core.personal_data import register_personal_data
from ortakakil.processes import contributions, sections, verification
from ortakakil.processes.switches import register_switch

from . import attachments, suggestions
from .models import Attachment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme

    from .models import Proposal

TOP = 5


class ProposalKind:
    """Online (and imported) proposals as contributions."""

    key = "proposal"
    label = gettext_lazy("Proposals")
    order = 10

    def public(self, process: Process, *, theme: Theme | None = None) -> QuerySet[Proposal]:
        from .selectors import public_proposals

        return public_proposals(process, theme=theme)

    def count(self, process: Process, *, theme: Theme | None = None) -> int:
        return self.public(process, theme=theme).count()

    def top(
        self, process: Process, *, theme: Theme | None = None, limit: int = TOP
    ) -> list[contributions.Contribution]:
        queryset = self.public(process, theme=theme).order_by("-supports_count", "-created_at", "-pk")[:limit]
        return [self._contribution(p) for p in queryset]

    def read(self, process: Process, *, theme: Theme | None = None) -> Iterator[contributions.Contribution]:
        for proposal in self.public(process, theme=theme).order_by("pk").iterator(chunk_size=1000):
            yield self._contribution(proposal)

    def read_ids(self, process: Process, pks: Iterable[int]) -> Iterator[contributions.Contribution]:
        for proposal in self.public(process).filter(pk__in=list(pks)).order_by("pk"):
            yield self._contribution(proposal)

    def list_url(self, process: Process, *, theme: Theme | None = None) -> str:
        url = reverse("proposal_list", kwargs={"slug": process.slug})
        return f"{url}?theme={theme.code}" if theme is not None else url

    @staticmethod
    def _contribution(proposal: Proposal) -> contributions.Contribution:
        author = proposal.author
        if author is None:
            author_type = ""  # imported or merged: no single author
        elif author.role == Role.STAKEHOLDER_REP:
            author_type = "stakeholder"
        else:
            author_type = contributions.CITIZEN
        return contributions.Contribution(
            kind="proposal",
            pk=proposal.pk,
            title=proposal.title,
            text=proposal.body,
            created_at=proposal.created_at,
            url=proposal.get_absolute_url(),
            theme_id=proposal.theme_id,
            theme_code=proposal.theme.code,
            theme_name=proposal.theme.name,
            author_type=author_type,
            counts={"supports": proposal.supports_count, "comments": proposal.comments_count},
        )


def _process_actions(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any]:
    return {"proposal_count": ProposalKind().count(process), "can_propose": process.is_open("proposals")}


def _theme_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any]:
    from .selectors import public_proposals

    assert theme is not None  # noqa: S101 - a theme page section
    proposals = public_proposals(process, theme=theme).order_by("-supports_count", "-created_at", "-pk")[:TOP]
    return {
        "proposals": list(proposals),
        "proposal_count": ProposalKind().count(process, theme=theme),
        "can_propose": process.is_open("proposals"),
    }


def _notifications_badge(user: Any) -> Badge:
    from .selectors import notifications_of

    return Badge(
        key="notifications",
        label=_("Notifications"),
        url=reverse("my_notifications"),
        count=notifications_of(user).filter(is_read=False).count(),
        count_label=_("unread"),
    )


def _manage_process_actions(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any]:
    return {}


def register_backoffice_and_account() -> None:
    """The moderation, merge and import buttons of the process's back-office page, and the
    notifications link on «Hesabım»."""
    sections.register_section(
        sections.Section(
            key="proposals",
            page=sections.MANAGE_PROCESS_PAGE,
            template="proposals/manage/_process_actions.html",
            context=_manage_process_actions,
            slot=sections.ACTIONS,
            order=10,
        )
    )
    links.register_link(
        links.Link(
            key="notifications",
            place=links.ACCOUNT,
            label=gettext_lazy("Notifications"),
            url_name="my_notifications",
        )
    )


def _similar_rates() -> tuple[str, str]:
    """«Benzer öneriler» asked while typing (debounced): generous for a person, bounded per address."""
    return "30/m", "300/m"


def _attachment_rates() -> tuple[str, str]:
    """Posts with pictures or PDFs, on top of the proposal's or comment's own limit."""
    return "20/h", "200/h"


def _triage_rates() -> tuple[str, str]:
    """Triage writes (bulk actions, saved views): staff work fast, but not a script's pace."""
    return "120/h", "600/h"


def _assigned_to_my_unit(user: Any) -> list[links.ShownLink]:
    """«İşlerim» for a unit manager: per process, the triage list of the proposals assigned to
    their unit, with how many of them have no answer yet."""
    from django.db.models import Count, Q

    from ortakakil.processes.models import Process

    if not (user.is_authenticated and user.role == Role.UNIT_MANAGER and user.unit_id):
        return []
    processes = (
        Process.objects.filter(organisation_id=user.organisation_id, proposals__assigned_unit_id=user.unit_id)
        .annotate(
            unanswered=Count(
                "proposals",
                filter=Q(
                    proposals__assigned_unit_id=user.unit_id,
                    proposals__answer_state="",
                    proposals__is_hidden=False,
                    proposals__merged_into__isnull=True,
                ),
            )
        )
        .order_by("-pk")[:10]
    )
    return [
        links.ShownLink(
            key=f"proposals-assigned-{process.pk}",
            label=_("Proposals assigned to my unit (%(n)d unanswered): %(process)s")
            % {"n": process.unanswered, "process": process.title},
            url=reverse("proposals_manage:triage", kwargs={"slug": process.slug}),
        )
        for process in processes
    ]


def register() -> None:
    from . import audit_sources

    audit_sources.register()
    ratelimit.register_scope(suggestions.SIMILAR_SCOPE, _similar_rates)
    ratelimit.register_scope(attachments.SCOPE, _attachment_rates)
    post_delete.connect(attachments.forget_files, sender=Attachment, dispatch_uid="proposals.attachment_files")
    ratelimit.register_scope("proposal_triage", _triage_rates)  # triage.TRIAGE_SCOPE
    links.register_personal_links("proposals_assigned", _assigned_to_my_unit)
    register_switch("proposals", gettext_lazy("New proposals"))
    register_switch("supports", gettext_lazy("Supporting proposals"))
    register_switch("comments", gettext_lazy("Comments"))
    verification.register_action(
        "supports",
        gettext_lazy("Supporting proposals"),
        gettext_lazy("To support proposals in this phase you need to verify your identity."),
    )
    register_backoffice_and_account()
    contributions.register(ProposalKind())
    sections.register_section(
        sections.Section(
            key="proposals",
            page=sections.PROCESS_PAGE,
            template="proposals/_process_actions.html",
            context=_process_actions,
            slot=sections.ACTIONS,
            order=10,
        )
    )
    sections.register_section(
        sections.Section(
            key="proposals",
            page=sections.THEME_PAGE,
            template="proposals/_theme_section.html",
            context=_theme_section,
            order=10,
        )
    )
    register_badge("notifications", _notifications_badge)
    from . import emails

    emails.register()
    from .personal_data import SOURCE

    register_personal_data(SOURCE)
