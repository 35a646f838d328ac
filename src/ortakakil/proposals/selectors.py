"""Reads for proposals: listing with search, filters and sorting; permission-aware lookups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ortakakil.processes.models import Process

from .models import AnswerState, Comment, Proposal, Support

SORTS = {
    "newest": ("-created_at", "-pk"),
    "most_supported": ("-supports_count", "-created_at", "-pk"),
    "most_discussed": ("-comments_count", "-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
}


@dataclass(frozen=True)
class ProposalFilters:
    theme: str = ""
    district: str = ""
    state: str = ""
    q: str = ""
    sort: str = "newest"

    @classmethod
    def from_query(cls, params: Any) -> ProposalFilters:
        sort = params.get("sort", "newest")
        state = params.get("state", "")
        return cls(
            theme=(params.get("theme") or "").strip().upper()[:32],
            district=(params.get("district") or "").strip()[:60],
            state=state if state in AnswerState.values or state == "unanswered" else "",
            q=(params.get("q") or "").strip()[:200],
            sort=sort if sort in SORTS else "newest",
        )


def text_search(queryset: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    """PostgreSQL full-text search with the Turkish configuration; a word-by-word
    ``icontains`` fallback elsewhere (SQLite)."""
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # The same expression as the GIN index of migration 0002, so that PostgreSQL uses it.
        vector = SearchVector("title", "body", config="turkish")
        return queryset.annotate(search=vector).filter(search=SearchQuery(q, config="turkish", search_type="websearch"))
    for word in q.split()[:8]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return queryset


SEARCH_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most ``SEARCH_COUNT_CAP`` results: counting every match of a broad full-text
    search costs seconds on a large process, and nobody pages through a thousand hits."""

    @cached_property
    def count(self) -> int:
        queryset: QuerySet[Proposal] = self.object_list  # type: ignore[assignment]
        return queryset[: SEARCH_COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > SEARCH_COUNT_CAP


def public_proposals(process: Process | None = None) -> QuerySet[Proposal]:
    queryset = Proposal.objects.filter(is_hidden=False).select_related("theme", "process", "author")
    if process is not None:
        queryset = queryset.filter(process=process)
    return queryset


def proposal_list(*, process: Process | None, filters: ProposalFilters, user: Any = None) -> QuerySet[Proposal]:
    """Visible proposals; merged originals are left out (their merged proposal stands for them)."""
    queryset = public_proposals(process).filter(merged_into__isnull=True)
    if filters.theme:
        queryset = queryset.filter(theme__code=filters.theme)
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if filters.state == "unanswered":
        queryset = queryset.filter(answer_state="")
    elif filters.state:
        queryset = queryset.filter(answer_state=filters.state)
    queryset = text_search(queryset, filters.q)
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(supported_by_me=Exists(Support.objects.filter(proposal=OuterRef("pk"), user=user)))
    return queryset.order_by(*SORTS[filters.sort])


def proposal_for_public(*, process: Process, pk: int, include_hidden: bool = False) -> Proposal:
    queryset = Proposal.objects.select_related("theme", "process__current_phase", "author", "merged_into")
    proposal = queryset.filter(process=process, pk=pk).first()
    if proposal is None or (proposal.is_hidden and not include_hidden):
        raise Http404(_("No proposal with this address."))
    return proposal


_SUPPORT_SQL = """
SELECT p.id, p.process_id, p.is_hidden, p.merged_into_id, pr.is_published, pr.organisation_id,
       pr.current_phase_id, ph.switches
FROM proposals_proposal p
JOIN processes_process pr ON pr.id = p.process_id
LEFT JOIN processes_phase ph ON ph.id = pr.current_phase_id
WHERE p.id = %s
"""


def proposal_for_support(pk: int) -> Proposal | None:
    """The few columns the support endpoint needs, in one hand-written query.

    Supporting is the platform's hottest write; the ORM spends more time building the
    equivalent three-table ``select_related`` than the database spends answering it. The
    objects returned are read-only stand-ins: never save them.
    """
    from ortakakil.processes.models import Phase

    with connection.cursor() as cursor:
        cursor.execute(_SUPPORT_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    pid, process_id, is_hidden, merged_into_id, is_published, organisation_id, phase_id, switches = row
    if isinstance(switches, str):  # SQLite returns JSON as text
        import json

        switches = json.loads(switches)
    phase = Phase(pk=phase_id, process_id=process_id, switches=switches or []) if phase_id else None
    process = Process(
        pk=process_id, is_published=is_published, organisation_id=organisation_id, current_phase_id=phase_id
    )
    if phase is not None:
        process.current_phase = phase
    return Proposal(pk=pid, process=process, is_hidden=is_hidden, merged_into_id=merged_into_id)


def visible_comments(proposal: Proposal) -> QuerySet[Comment]:
    return proposal.comments.filter(is_hidden=False).select_related("author").order_by("created_at", "pk")


def comment_tree(proposal: Proposal) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments with their replies (replies to replies are shown flat under the top one)."""
    comments = list(visible_comments(proposal))
    by_id = {c.pk: c for c in comments}

    def root(comment: Comment) -> Comment:
        seen = 0
        while comment.parent_id and comment.parent_id in by_id and seen < 50:
            comment = by_id[comment.parent_id]
            seen += 1
        return comment

    tree: dict[int, list[Comment]] = {c.pk: [] for c in comments if not c.parent_id or c.parent_id not in by_id}
    for comment in comments:
        if comment.pk in tree:
            continue
        tree[root(comment).pk].append(comment)
    return [(by_id[pk], replies) for pk, replies in tree.items()]


def districts_of(process: Process) -> list[str]:
    """The districts proposals name, for the filter (cached: it scans every proposal)."""

    def compute() -> list[str]:
        values = Proposal.objects.filter(process=process).exclude(district="").values_list("district", flat=True)
        return sorted(set(values.distinct()))

    result: list[str] = cache.get_or_set(f"proposals:districts:{process.pk}", compute, timeout=600) or []
    return result


def public_name(user: Any) -> str:
    """How an author appears in public: the display name they chose at sign-up, else first name
    and initial (KVKK: the minimum); «Silinmiş kullanıcı» once they erased their account."""
    if user is None:
        return _("Municipality")
    if user.erased_at is not None:
        return _("Deleted user")
    if user.public_name:
        return str(user.public_name)
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    return _("Participant")
