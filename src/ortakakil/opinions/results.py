"""What people read of a computed opinion map: the groups with their most representative
statements, the consensus ("ortak fikirler") with each group's agreement, the map's layout and
the cross-tab of groups × stakeholder types, assembled from the latest ``Analysis`` (its agreed
``result`` format) and the statements' texts. Read by the results page, the theme page's section,
the workshop report and its DOCX/PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from .math import crosstab as ct
from .math import mapdraw
from .math.consensus import common_ground
from .models import STAKEHOLDER_TYPES, Analysis, Conversation, Participant, Statement
from .selectors import latest_analysis

MIN_GROUP_PARTICIPANTS = 2
"""A map with fewer groups than this (or none) says "too few participants for groups yet"."""


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class GroupStyle:
    index: int
    letter: str
    colour: str
    shape: str


def group_style(index: int) -> GroupStyle:
    colour, shape = mapdraw.style(index)
    return GroupStyle(index, mapdraw.group_letter(index), colour, shape)


@dataclass(frozen=True)
class GroupShare:
    group: GroupStyle
    agree: int | None
    """% of the group's members who saw the statement and agreed (None: nobody saw it)."""
    disagree: int | None
    seen: int


@dataclass(frozen=True)
class ConsensusLine:
    statement: Statement
    direction: str
    """"agree" or "disagree": what (nearly) everyone said."""
    share: int | None
    """% of all who saw it that agreed (or disagreed)."""
    seen: int
    groups: list[GroupShare]


@dataclass(frozen=True)
class RepresentativeLine:
    statement: Statement
    direction: str
    share: int | None
    """% of the group who agreed (or disagreed, following ``direction``)."""
    rest: int | None
    """The same % among the other groups' members."""
    seen: int


@dataclass(frozen=True)
class GroupView:
    style: GroupStyle
    size: int
    representative: list[RepresentativeLine]
    share: int | None
    """% of the clustered participants in this group."""


@dataclass(frozen=True)
class CrossTabCell:
    count: int
    row_share: int | None
    column_share: int | None


@dataclass(frozen=True)
class CrossTabView:
    columns: list[str]
    rows: list[tuple[GroupStyle, list[CrossTabCell], int]]
    column_totals: list[int]
    total: int
    folded: list[str]
    min_people: int


@dataclass
class Results:
    conversation: Conversation
    analysis: Analysis | None
    groups: list[GroupView] = field(default_factory=list)
    consensus: list[ConsensusLine] = field(default_factory=list)
    map: mapdraw.MapLayout | None = None
    viewer: Participant | None = None
    viewer_group: GroupStyle | None = None
    crosstab: CrossTabView | None = None
    statements_count: int = 0

    @property
    def has_votes(self) -> bool:
        return self.analysis is not None and self.analysis.votes_count > 0

    @property
    def has_groups(self) -> bool:
        return len(self.groups) >= MIN_GROUP_PARTICIPANTS


def _statements(conversation: Conversation, ids: set[int]) -> dict[int, Statement]:
    """Statements still shown (a statement rejected since the computation leaves the results)."""
    if not ids:
        return {}
    shown = Statement.objects.filter(
        conversation=conversation, pk__in=ids, status__in=[Statement.Status.ACCEPTED, Statement.Status.META]
    )
    return {s.pk: s for s in shown}


def _shares(stats: dict[str, Any] | None, n_groups: int) -> list[GroupShare]:
    rows = (stats or {}).get("groups") or [[0, 0, 0]] * n_groups
    return [GroupShare(group_style(g), percent(a, s), percent(d, s), s) for g, (a, d, s) in enumerate(rows[:n_groups])]


def consensus_lines(conversation: Conversation, analysis: Analysis | None) -> list[ConsensusLine]:
    """The common ground, agreements first, each with its share overall and per group: once there
    are opinion groups, the statements a majority of every group agrees (disagrees) with
    (``math.consensus.common_ground``); before, the statements most voters agree with."""
    if analysis is None:
        return []
    result = analysis.result or {}
    stats = result.get("statements") or {}
    n_groups = len(result.get("groups") or [])
    if n_groups >= MIN_GROUP_PARTICIPANTS:
        # With opinion groups: what every group agrees (disagrees) with, not only most voters.
        accepted = set(conversation.statements.filter(status=Statement.Status.ACCEPTED).values_list("pk", flat=True))
        found = common_ground(
            {int(c): (v.get("groups") or [])[:n_groups] for c, v in stats.items() if int(c) in accepted},
            {int(c): float(v.get("gac_agree", 0.0)) for c, v in stats.items()},
            {int(c): float(v.get("gac_disagree", 0.0)) for c, v in stats.items()},
        )
        agreed, disagreed = found.agree, found.disagree
    else:
        agreed = [int(s) for s in (result.get("consensus") or {}).get("agree", [])]
        disagreed = [int(s) for s in (result.get("consensus") or {}).get("disagree", [])]
    texts = _statements(conversation, {*agreed, *disagreed})
    lines = []
    for direction, ids in (("agree", agreed), ("disagree", disagreed)):
        for sid in ids:
            if sid not in texts:
                continue
            s = stats.get(str(sid)) or {}
            seen = int(s.get("agree", 0)) + int(s.get("disagree", 0)) + int(s.get("pass", 0))
            lines.append(
                ConsensusLine(
                    statement=texts[sid],
                    direction=direction,
                    share=percent(int(s.get(direction, 0)), seen),
                    seen=seen,
                    groups=_shares(s, n_groups),
                )
            )
    return lines


def _groups(conversation: Conversation, result: dict[str, Any]) -> list[GroupView]:
    groups = result.get("groups") or []
    wanted = {int(r["statement"]) for g in groups for r in g.get("repness", [])}
    texts = _statements(conversation, wanted)
    clustered = sum(int(g.get("size", 0)) for g in groups)
    stats = result.get("statements") or {}
    out = []
    for index, group in enumerate(groups):
        lines = []
        for rep in group.get("repness", []):
            sid = int(rep["statement"])
            if sid not in texts:
                continue
            direction = rep["direction"]
            own = int(rep[direction])
            seen = int(rep["seen"])
            per_group = (stats.get(str(sid)) or {}).get("groups") or []
            column = 0 if direction == "agree" else 1
            rest_n = sum(int(row[column]) for g, row in enumerate(per_group) if g != index)
            rest_seen = sum(int(row[2]) for g, row in enumerate(per_group) if g != index)
            lines.append(
                RepresentativeLine(texts[sid], direction, percent(own, seen), percent(rest_n, rest_seen), seen)
            )
        out.append(
            GroupView(group_style(index), int(group.get("size", 0)), lines, percent(group.get("size", 0), clustered))
        )
    return out


def _crosstab(conversation: Conversation, result: dict[str, Any]) -> CrossTabView | None:
    groups = result.get("groups") or []
    if len(groups) < MIN_GROUP_PARTICIPANTS:
        return None
    members = {int(p) for g in groups for p in g.get("members", [])}
    types = dict(
        Participant.objects.filter(conversation=conversation, pk__in=members).values_list("pk", "stakeholder_type")
    )
    table = ct.crosstab(
        [[types.get(int(p), "") for p in g.get("members", [])] for g in groups],
        [key for key, _label in STAKEHOLDER_TYPES],
    )
    rows = []
    for r, counts in enumerate(table.counts):
        cells = [
            CrossTabCell(n, percent(n, table.row_totals[r]), percent(n, table.column_totals[c]))
            for c, n in enumerate(counts)
        ]
        rows.append((group_style(r), cells, table.row_totals[r]))
    return CrossTabView(table.types, rows, table.column_totals, table.total, table.folded, ct.MIN_PEOPLE)


def viewer_participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    """The person looking at the map, when they voted in it: a signed-in user's participant, or at
    a workshop the checked-in participant whose personal link this phone opened."""
    user = request.user
    if user.is_authenticated:
        found = Participant.objects.filter(conversation=conversation, user=user).first()
        if found is not None:
            return found
    if conversation.workshop_id is not None:
        from ortakakil.workshops import phone_views
        from ortakakil.workshops.selectors import participant_by_token

        token = request.get_signed_cookie(phone_views.PARTICIPANT_COOKIE, default="", salt=phone_views.COOKIE_SALT)
        invitation = participant_by_token(token or "", workshop_id=conversation.workshop_id)
        if invitation is not None:
            return Participant.objects.filter(conversation=conversation, invitation=invitation).first()
    return None


def results_of(conversation: Conversation, *, viewer: Participant | None = None) -> Results:
    """Everything the results page shows of the conversation's latest map."""
    analysis = latest_analysis(conversation)
    out = Results(
        conversation=conversation,
        analysis=analysis,
        viewer=viewer,
        statements_count=conversation.statements.filter(
            status__in=[Statement.Status.ACCEPTED, Statement.Status.META]
        ).count(),
    )
    if analysis is None:
        return out
    result = analysis.result or {}
    out.groups = _groups(conversation, result)
    out.consensus = consensus_lines(conversation, analysis)
    out.crosstab = _crosstab(conversation, result)
    points = {
        int(p): (float(v[0]), float(v[1]), None if v[2] is None else int(v[2]))
        for p, v in (result.get("points") or {}).items()
    }
    if points and out.has_groups:
        out.map = mapdraw.layout(points, viewer=viewer.pk if viewer is not None else None)
    if viewer is not None and viewer.pk in points and points[viewer.pk][2] is not None:
        out.viewer_group = group_style(int(points[viewer.pk][2] or 0))
    return out


@dataclass(frozen=True)
class ConversationConsensus:
    """One conversation's common ground, as the theme page and the workshop report show it."""

    conversation: Conversation
    analysis: Analysis | None
    lines: list[ConsensusLine]
    groups: list[GroupStyle]


def consensus_of(conversations: Any) -> list[ConversationConsensus]:
    """The common ground of each conversation (its latest map)."""
    out = []
    for conversation in conversations:
        analysis = latest_analysis(conversation)
        n_groups = len((analysis.result or {}).get("groups") or []) if analysis is not None else 0
        out.append(
            ConversationConsensus(
                conversation,
                analysis,
                consensus_lines(conversation, analysis),
                [group_style(g) for g in range(n_groups)],
            )
        )
    return out


def consensus_version(conversations: Any) -> list[tuple[int, str, int | None, str]]:
    """What the shown common ground depends on: each conversation's title, its latest map and the
    last change to its statements (a statement edited or rejected)."""
    from django.db.models import Max

    out = []
    for conversation in conversations:
        analysis = latest_analysis(conversation)
        changed = conversation.statements.aggregate(changed=Max("updated_at"))["changed"]
        out.append((conversation.pk, conversation.title, analysis.pk if analysis else None, str(changed)))
    return out


def consensus_text(line: ConsensusLine) -> str:
    """One consensus line as a sentence (the DOCX report): the statement, its share and each
    group's; the same words as the pages."""
    from django.utils.translation import gettext, ngettext

    dash = "—"
    share = dash if line.share is None else line.share
    if line.direction == "agree":
        overall = ngettext(
            "%(share)s%% of the %(counter)s person who voted on it agreed",
            "%(share)s%% of the %(counter)s people who voted on it agreed",
            line.seen,
        ) % {"share": share, "counter": line.seen}
        groups = [
            gettext("group %(letter)s %(value)s%% agree")
            % {"letter": g.group.letter, "value": dash if g.agree is None else g.agree}
            for g in line.groups
        ]
    else:
        overall = ngettext(
            "%(share)s%% of the %(counter)s person who voted on it disagreed",
            "%(share)s%% of the %(counter)s people who voted on it disagreed",
            line.seen,
        ) % {"share": share, "counter": line.seen}
        groups = [
            gettext("group %(letter)s %(value)s%% disagree")
            % {"letter": g.group.letter, "value": dash if g.disagree is None else g.disagree}
            for g in line.groups
        ]
    label = gettext("Agreed") if line.direction == "agree" else gettext("Disagreed")
    return f"{label}: {line.statement.text} — {overall}" + (f": {', '.join(groups)}." if groups else ".")
