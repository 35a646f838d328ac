"""Reads for proposals: listing with search, filters and sorting; permission-aware lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ortakakil.core.accounts import public_name as public_name  # re-exported: how authors appear
from ortakakil.core.text import DIACRITICS, is_stop_word, search_lower, sort_key, stem, strip_diacritics
from ortakakil.processes import selectors as process_selectors
from ortakakil.processes.models import Process, Theme

from .models import Answer, AnswerState, Comment, Follow, ModerationAction, Notification, Proposal, Support
from .places import canonical_district, districts, matching_neighbourhoods

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
    neighbourhood: str = ""
    state: str = ""
    q: str = ""
    sort: str = "newest"

    @classmethod
    def from_query(cls, params: Any) -> ProposalFilters:
        sort = params.get("sort", "newest")
        state = params.get("state", "")
        return cls(
            theme=(params.get("theme") or "").strip().upper()[:32],
            district=canonical_district((params.get("district") or "").strip()[:60]),
            neighbourhood=" ".join((params.get("neighbourhood") or "").split())[:80],
            state=state if state in AnswerState.values or state == "unanswered" else "",
            q=(params.get("q") or "").strip()[:200],
            sort=sort if sort in SORTS else "newest",
        )


MAX_SEARCH_TERMS = 8
# A word, with the accents it may carry as separate marks ("i̇" from a careless lower-casing), and
# without the suffix after an apostrophe ("Kızılay'a" is searched as "kızılay").
_WORD = rf"[^\W_](?:[^\W_]|{DIACRITICS})*"
_TERM = re.compile(rf"(-?)({_WORD})(?:['’]{_WORD})?")
MIN_STEM = 4
"""Shorter Turkish stems are left unused: "alan" stems to "ala", which begins too many words."""


def search_terms(q: str) -> list[tuple[bool, str]]:
    """The words of a search in Turkish lower case, accents still on: ``[(exclude, word), …]``.

    Only words and a leading "-" (leave out) are kept, at most ``MAX_SEARCH_TERMS``: operators,
    quotes and punctuation typed in a search box never reach the database's query parser
    (forty hyphens once overflowed PostgreSQL's tsquery stack).
    """
    terms = [(minus == "-", word) for minus, word in _TERM.findall(search_lower(q))]
    if terms and all(exclude for exclude, _word in terms):  # "-x" alone would match nearly everything
        terms = [(False, word) for _exclude, word in terms]
    return terms[:MAX_SEARCH_TERMS]


def text_search(queryset: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    """Search title and body, ignoring Turkish letter case and accents: "OTOBÜS", "otobüs" and
    "otobus" find one another, as "kizilay" finds "Kızılay" and "öğrenci" finds "ogrenci".

    Both sides are folded by ``core.text.search_fold``: the stored ``search_text`` column and the
    query. Each word of the query is matched as the beginning of a word, and so is its Turkish
    stem (``search_prefixes``), so that "otobüsü" also finds "otobüs" and "otobüs" finds
    "otobüsler". PostgreSQL: full-text search of the folded words (configuration "simple")
    through the GIN index of migration 0005. SQLite: a regular expression per word.
    """
    prefixes = search_prefixes(search_terms(q))
    if prefixes is None:
        return queryset
    if not any(not exclude for exclude, _alternatives in prefixes):
        return queryset.none()  # only stop words, or only words to leave out
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # The same expression as the GIN index of migration 0005, so that PostgreSQL uses it.
        vector = SearchVector("search_text", config="simple")
        query = SearchQuery(_pg_query(prefixes), config="simple", search_type="raw")
        return queryset.annotate(search=vector).filter(search=query)
    for exclude, alternatives in prefixes:
        # At the start of a word, as PostgreSQL's prefixes: "isik" (ışık) must not find "bisiklet".
        starts_a_word = Q(search_text__regex=rf"(?<![^\W_])(?:{'|'.join(map(re.escape, alternatives))})")
        queryset = queryset.exclude(starts_a_word) if exclude else queryset.filter(starts_a_word)
    return queryset


def search_prefixes(terms: list[tuple[bool, str]]) -> list[tuple[bool, list[str]]] | None:
    """What each word of a search looks for: ``[(exclude, folded prefixes), …]``, ``None`` when
    nothing was typed.

    A word stands for itself, folded, and for its stem by ``core.text.stem``, the stemmer text
    analysis uses too (taken from the word with its accents: the stemmer follows vowel harmony,
    which "otobusler" no longer shows), when the stem has at least ``MIN_STEM`` letters. Why not
    a stemming configuration on the folded column: stemming accentless words misses every suffix
    whose vowel harmony the folding broke ("otobusler", "okullari", "copler" stay whole), so
    "otobüs" would stop finding "otobüsler". Stop words ("ve", "için": ``core.text.STOP_WORDS``)
    are left out.
    """
    if not terms:
        return None
    prefixes: list[tuple[bool, list[str]]] = []
    for exclude, word in terms:
        if is_stop_word(word):
            continue
        alternatives = {strip_diacritics(word)}
        if len(stemmed := stem(word)) >= MIN_STEM:
            alternatives.add(stemmed)
        prefixes.append((exclude, sorted(alternatives)))
    return prefixes


def _pg_query(prefixes: list[tuple[bool, list[str]]]) -> str:
    """A ``to_tsquery`` text: each word's alternatives as prefixes, or'ed; the words and'ed."""
    # Words and stems are letters and digits only (``_WORD``): nothing to escape inside quotes.
    parts = []
    for exclude, alternatives in prefixes:
        either = " | ".join(f"'{prefix}':*" for prefix in alternatives)
        parts.append(f"{'!' if exclude else ''}({either})")
    return " & ".join(parts)


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


def public_proposals(process: Process | None = None, *, theme: Theme | None = None) -> QuerySet[Proposal]:
    """What the public sees of proposals, and counts everywhere: not hidden by moderation, and
    not merged into another proposal (the merged proposal stands for its originals, which stay
    readable at their address but are not listed or counted twice)."""
    queryset = Proposal.objects.filter(is_hidden=False, merged_into__isnull=True).select_related(
        "theme", "process", "author"
    )
    if process is not None:
        queryset = queryset.filter(process=process)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    return queryset


def proposal_list(*, process: Process | None, filters: ProposalFilters, user: Any = None) -> QuerySet[Proposal]:
    """The public proposals, filtered, searched and sorted."""
    queryset = public_proposals(process)
    if filters.theme:
        queryset = queryset.filter(theme__code=filters.theme)
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if filters.neighbourhood:  # in the chosen district, or of that name in any district
        queryset = queryset.filter(neighbourhood__in=matching_neighbourhoods(filters.neighbourhood, filters.district))
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


def theme_to_preselect(process: Process, code: str) -> Theme | None:
    """The theme a link to the proposal form names (``?theme=CODE``), if the process has it."""
    return process.themes.filter(code=code).first() if code else None


def has_supported(proposal: Proposal, user: Any) -> bool:
    return bool(user.is_authenticated) and Support.objects.filter(proposal=proposal, user=user).exists()


def is_following(proposal: Proposal, user: Any) -> bool:
    return bool(user.is_authenticated) and Follow.objects.filter(proposal=proposal, user=user).exists()


def answers_of(proposal: Proposal) -> QuerySet[Answer]:
    return proposal.answers.select_related("author")


def comment_of(proposal: Proposal, pk: int) -> Comment | None:
    """The proposal's comment ``pk`` (posted with a reply or a report), or None."""
    return Comment.objects.filter(proposal=proposal, pk=pk).first()


# --- the back office ------------------------------------------------------------------------------


def proposal_in_process(*, process: Process, pk: int) -> Proposal | None:
    """Any proposal of the process, hidden and merged ones included, or None."""
    return Proposal.objects.filter(process=process, pk=pk).first()


def proposal_for_staff(*, process: Process, pk: int) -> Proposal:
    """Any proposal of the process for its staff (a Turkish 404 for other numbers)."""
    proposal = proposal_in_process(process=process, pk=pk)
    if proposal is None:
        raise Http404(_("No proposal with this address."))
    return proposal


def proposals_to_merge(*, process: Process, ids: list[int]) -> list[Proposal]:
    """The process's proposals among ``ids`` (fewer than asked when some are not the process's)."""
    return list(Proposal.objects.filter(process=process, pk__in=ids).select_related("theme", "process"))


MODERATION_QUEUE_SIZE = 100


@dataclass(frozen=True)
class ModerationQueue:
    proposals: QuerySet[Proposal]
    comments: QuerySet[Comment]
    log: QuerySet[ModerationAction]


def moderation_queue(*, process: Process, show: str = "open") -> ModerationQueue:
    """What moderators look at: reported or hidden content (``show="hidden"``: hidden only), the
    most reported first, and the log of their decisions."""
    proposals = Proposal.objects.filter(process=process).select_related("theme")
    comments = Comment.objects.filter(proposal__process=process).select_related("proposal")
    if show == "hidden":
        proposals, comments = proposals.filter(is_hidden=True), comments.filter(is_hidden=True)
    else:
        proposals = proposals.filter(Q(reports_count__gt=0) | Q(is_hidden=True))
        comments = comments.filter(Q(reports_count__gt=0) | Q(is_hidden=True))
    log = ModerationAction.objects.filter(
        Q(proposal__process=process) | Q(comment__proposal__process=process)
    ).select_related("moderator", "proposal", "comment")
    return ModerationQueue(
        proposals=proposals.order_by("-reports_count", "-pk")[:MODERATION_QUEUE_SIZE],
        comments=comments.order_by("-reports_count", "-pk")[:MODERATION_QUEUE_SIZE],
        log=log,
    )


def comment_in_process(*, process: Process, pk: int) -> Comment | None:
    """A comment on one of the process's proposals (posted to the moderation form), or None."""
    return Comment.objects.filter(proposal__process=process, pk=pk).first()


_SUPPORT_SQL = f"""
SELECT {process_selectors.PROCESS_COLUMNS}, p.id, p.is_hidden, p.merged_into_id
FROM proposals_proposal p {process_selectors.process_join("p")}
WHERE p.id = %s
"""  # noqa: S608 — constant column names


def proposal_for_support(pk: int) -> Proposal | None:
    """The few columns the support endpoint needs, in one hand-written query.

    Supporting is the platform's hottest write; the ORM spends more time building the
    equivalent three-table ``select_related`` than the database spends answering it. The
    objects returned are read-only stand-ins: never save them.
    """
    found = process_selectors.fetch_with_process(_SUPPORT_SQL, [pk])
    if found is None:
        return None
    (pid, is_hidden, merged_into_id), process = found
    return Proposal(pk=pid, process=process, is_hidden=bool(is_hidden), merged_into_id=merged_into_id)


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The person's notifications, newest first; those about a proposal hidden since are left out
    (their text names it, and hidden content shows nothing of itself)."""
    return Notification.objects.filter(user=user, proposal__is_hidden=False)


def public_originals(proposal: Proposal) -> QuerySet[Proposal]:
    """The proposals merged into ``proposal`` that the public may see (hidden ones show nothing)."""
    return proposal.merged_originals.filter(is_hidden=False).order_by("pk")


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
    """The districts of the filter: every district the platform ships (a district without
    proposals yet is a fair question too) and any other name proposals carry (imported before the
    list existed), in Turkish order (cached: it scans every proposal)."""

    def compute() -> list[str]:
        values = public_proposals(process).exclude(district="").values_list("district", flat=True)
        return sorted(set(values.distinct()) | set(districts()), key=sort_key)

    result: list[str] = cache.get_or_set(_districts_key(process.pk), compute, timeout=600) or []
    return result


def _districts_key(process_id: int) -> str:
    return f"proposals:districts:{process_id}"


def forget_districts(process_id: int) -> None:
    """Drop the cached district list (a proposal was hidden or restored)."""
    cache.delete(_districts_key(process_id))
