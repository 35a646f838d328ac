"""Importing a participatory-budgeting vote held elsewhere (paper ballots, another system, a
historic Pabulib election) from a Pabulib .pb file, so that it is counted with a chosen rule,
published and exported again like a round voted on the platform.

``round_import`` creates, all or nothing: the file's projects (code ``PB-<id>``, the ``name``
field as title, the cost in the plan's first year, the theme whose code or name is the project's
``district`` or one of its ``category`` values), a *closed* ``BudgetRound`` with the file's budget,
ballot type (approval, choose-1 or cumulative; scoring and ordinal ballots have no counterpart
here), limits and points, and one ``Ballot`` per voter. Imported voters are not accounts: a
ballot keeps only the file's voter id (``Ballot.voter_key``); the export numbers voters as it
does for every round (``counting.round_election``). The ballots are taken as the file gives them:
the vote held elsewhere had its own rules, and the platform's ballot check is not applied.

``import_preview`` runs every check of the import without writing (the back office's dry run).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortakakil.core.models import User
from ortakakil.core.services import audited_save, require_perm
from ortakakil.core.text import search_fold
from ortakakil.processes.models import Process, Theme

from .models import Ballot, BudgetRound, Project
from .permissions import MANAGE
from .rules import pabulib
from .services import plan_years

MAX_PROJECTS = 2_000
MAX_VOTERS = 1_000_000
VOTE_TYPES = {
    "approval": BudgetRound.VoteType.APPROVAL,
    "choose-1": BudgetRound.VoteType.CHOOSE_ONE,
    "cumulative": BudgetRound.VoteType.CUMULATIVE,
}
RULES = {
    "greedy": BudgetRound.Rule.GREEDY,
    "equalshares": BudgetRound.Rule.MES,
    "equalshares/add1": BudgetRound.Rule.MES_ADD1,
}
"""The META ``rule`` of a .pb file → the round's rule; any other value counts greedily."""
CODE_PREFIX = "PB-"
BATCH = 5_000

_CODE_MAX = Project._meta.get_field("code").max_length or 40
_TITLE_MAX = Project._meta.get_field("title").max_length or 300
_DISTRICT_MAX = Project._meta.get_field("district").max_length or 80
_ROUND_TITLE_MAX = BudgetRound._meta.get_field("title").max_length or 200
_SLUG_MAX = BudgetRound._meta.get_field("slug").max_length or 80
_VOTER_KEY_MAX = Ballot._meta.get_field("voter_key").max_length or 64
_SMALL_INT_MAX = 32_767


@dataclass
class ImportPlan:
    """What an import of ``election`` would write (checked, nothing stored yet)."""

    slug: str
    title: str
    budget: int
    vote_type: str
    rule: str
    pb_rule: str
    min_selections: int | None
    max_selections: int | None
    points: int | None
    theme: Theme | None
    projects: list[Project] = field(default_factory=list)
    ballots: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    """(voter id, {.pb project id: points})."""

    @property
    def voters(self) -> int:
        return len(self.ballots)

    def get_vote_type_display(self) -> str:
        return str(BudgetRound.VoteType(self.vote_type).label)

    def get_rule_display(self) -> str:
        return str(BudgetRound.Rule(self.rule).label)


def _visible(text: str, limit: int) -> str:
    """``text`` without control characters, on one line, at most ``limit`` characters."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def _whole(value: Fraction) -> int | None:
    return value.numerator if value.denominator == 1 else None


def _meta_count(election: pabulib.Election, key: str) -> int | None:
    """A META limit (``min_length``, ``max_length``, ``max_sum_points``) as a whole number."""
    raw = election.meta.get(key, "").strip()
    if not raw:
        return None
    try:
        value = _whole(pabulib.parse_number(raw))
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or value < 0 or value > _SMALL_INT_MAX:
        raise ValidationError(
            _("META %(key)s must be a whole number between 0 and %(max)d, not “%(value)s”.")
            % {"key": key, "max": _SMALL_INT_MAX, "value": raw}
        )
    return value or None


def _code(project_id: str) -> str:
    for code in (CODE_PREFIX + project_id, project_id):
        if len(code) <= _CODE_MAX:
            return code
    raise ValidationError(
        _("The project id “%(id)s” is longer than %(max)d characters.") % {"id": project_id[:60], "max": _CODE_MAX}
    )


def _themes(process: Process) -> dict[str, Theme]:
    found: dict[str, Theme] = {}
    for theme in process.themes.order_by("position", "code"):
        found.setdefault(search_fold(theme.name), theme)
        found[search_fold(theme.code)] = theme
    return found


def _theme_of(fields: dict[str, str], themes: dict[str, Theme]) -> Theme | None:
    """The theme whose code (or name) is the project's district or one of its categories."""
    candidates = [fields.get("district", ""), *fields.get("category", "").split(",")]
    for candidate in candidates:
        theme = themes.get(search_fold(candidate.strip())) if candidate.strip() else None
        if theme is not None:
            return theme
    return None


def _check_size(election: pabulib.Election) -> None:
    if len(election.projects) > MAX_PROJECTS:
        raise ValidationError(
            _("The file lists %(count)d projects; at most %(max)d can be imported.")
            % {"count": len(election.projects), "max": MAX_PROJECTS}
        )
    if len(election.ballots) > MAX_VOTERS:
        raise ValidationError(
            _("The file holds %(count)d ballots; at most %(max)d can be imported.")
            % {"count": len(election.ballots), "max": MAX_VOTERS}
        )
    if not election.ballots:
        raise ValidationError(_("The file holds no ballots (its VOTES section is empty)."))


def _round_fields(election: pabulib.Election, rule: str | None) -> dict[str, object]:
    vote_type = VOTE_TYPES.get(election.vote_type)
    if vote_type is None:
        raise ValidationError(
            _("%(type)s ballots cannot be imported: a round takes approval, choose-1 or cumulative ballots.")
            % {"type": election.vote_type}
        )
    budget = _whole(election.budget)
    if budget is None:
        raise ValidationError(_("The budget must be whole lira, not %(budget)s.") % {"budget": election.meta["budget"]})
    if budget <= 0:
        raise ValidationError(_("The budget must be more than zero."))
    pb_rule = election.meta.get("rule", "").strip()
    if rule is None:
        rule = RULES.get(pb_rule.lower(), BudgetRound.Rule.GREEDY)
    elif rule not in BudgetRound.Rule.values:
        raise ValidationError(_("Unknown counting rule: %(rule)s.") % {"rule": rule})
    low, high = _meta_count(election, "min_length"), _meta_count(election, "max_length")
    if low is not None and high is not None and low > high:
        raise ValidationError(_("META min_length is more than max_length."))
    points = None
    if vote_type == BudgetRound.VoteType.CUMULATIVE:
        points = _meta_count(election, "max_sum_points")
    return {
        "budget": budget,
        "vote_type": vote_type,
        "rule": rule,
        "pb_rule": pb_rule,
        "min_selections": low,
        "max_selections": None if vote_type == BudgetRound.VoteType.CHOOSE_ONE else high,
        "points": points,
    }


def _ballots(election: pabulib.Election, cumulative: bool) -> list[tuple[str, dict[str, int]]]:
    seen: set[str] = set()
    ballots: list[tuple[str, dict[str, int]]] = []
    for ballot in election.ballots:
        key = ballot.voter_id.strip()
        if not key:
            raise ValidationError(_("A ballot has no voter id."))
        if len(key) > _VOTER_KEY_MAX:
            raise ValidationError(
                _("The voter id “%(id)s…” is longer than %(max)d characters.") % {"id": key[:20], "max": _VOTER_KEY_MAX}
            )
        if key in seen:
            raise ValidationError(_("The voter id “%(id)s” appears twice in the file.") % {"id": key})
        seen.add(key)
        if cumulative:
            points = [_whole(p) for p in ballot.points or ()]
            if any(p is None or p < 0 for p in points):
                raise ValidationError(
                    _("Voter %(id)s gives points that are not whole numbers, zero or more.") % {"id": key}
                )
            choices = {pid: int(p or 0) for pid, p in zip(ballot.projects, points, strict=True)}
        else:
            choices = dict.fromkeys(ballot.projects, 1)
        ballots.append((key, choices))
    return ballots


def _projects(process: Process, election: pabulib.Election) -> list[Project]:
    first_year = str(plan_years(process)[0])
    themes = _themes(process)
    projects: list[Project] = []
    codes: set[str] = set()
    for row in election.projects:
        cost = _whole(row.cost)
        if cost is None:
            raise ValidationError(
                _("Costs must be whole lira: project %(id)s costs %(cost)s.")
                % {"id": row.id, "cost": f"{float(row.cost):.2f}"}
            )
        code = _code(row.id)
        if code in codes:
            raise ValidationError(_("Two projects of the file get the code %(code)s.") % {"code": code})
        codes.add(code)
        projects.append(
            Project(
                process=process,
                code=code,
                title=_visible(row.fields.get("name", "") or row.id, _TITLE_MAX),
                district=_visible(row.fields.get("district", ""), _DISTRICT_MAX),
                theme=_theme_of(row.fields, themes),
                costs={first_year: cost} if cost else {},
            )
        )
    taken = sorted(Project.objects.filter(process=process, code__in=codes).values_list("code", flat=True))
    if taken:
        raise ValidationError(
            _("The process already has projects with these codes: %(codes)s.") % {"codes": ", ".join(taken[:10])}
        )
    return projects


def _check_slug(process: Process, slug: str) -> None:
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(
            {"slug": _("The address may hold only letters, digits, hyphens and underscores.")}
        ) from None
    if len(slug) > _SLUG_MAX:
        raise ValidationError({"slug": _("The address is longer than %(max)d characters.") % {"max": _SLUG_MAX}})
    if BudgetRound.objects.filter(process=process, slug=slug).exists():
        raise ValidationError({"slug": _("Another round of this process has this address.")})


def _plan(
    *,
    process: Process,
    election: pabulib.Election,
    slug: str,
    title: str | None,
    theme: Theme | None,
    rule: str | None,
) -> ImportPlan:
    slug = (slug or "").strip()
    _check_slug(process, slug)
    if theme is not None and theme.process_id != process.pk:
        raise ValidationError({"theme": _("Choose a theme of this process.")})
    _check_size(election)
    values = _round_fields(election, rule)
    default_title = election.meta.get("description") or election.meta.get("instance") or slug
    plan = ImportPlan(
        slug=slug,
        title=_visible((title or "").strip() or default_title, _ROUND_TITLE_MAX),
        theme=theme,
        **values,  # type: ignore[arg-type]
    )
    plan.projects = _projects(process, election)
    plan.ballots = _ballots(election, plan.vote_type == BudgetRound.VoteType.CUMULATIVE)
    if plan.vote_type == BudgetRound.VoteType.CUMULATIVE and not plan.points:
        # A file without max_sum_points: the most points any voter shared.
        plan.points = max((sum(choices.values()) for _key, choices in plan.ballots), default=0) or 1
        if plan.points > _SMALL_INT_MAX:
            raise ValidationError(_("A voter shares more than %(max)d points.") % {"max": _SMALL_INT_MAX})
    return plan


def import_preview(
    *,
    actor: User,
    process: Process,
    election: pabulib.Election,
    slug: str,
    title: str | None = None,
    theme: Theme | None = None,
    rule: str | None = None,
) -> ImportPlan:
    """Every check of ``round_import``, nothing written: what the import would create."""
    require_perm(actor, MANAGE, process)
    return _plan(process=process, election=election, slug=slug, title=title, theme=theme, rule=rule)


@transaction.atomic
def round_import(
    *,
    actor: User,
    process: Process,
    election: pabulib.Election,
    slug: str,
    title: str | None = None,
    theme: Theme | None = None,
    rule: str | None = None,
) -> BudgetRound:
    """The vote in ``election`` as a closed round of ``process`` with its projects and ballots
    (all or nothing); ``rule`` (greedy, mes, mes_add1) overrides the file's META ``rule``."""
    require_perm(actor, MANAGE, process)
    plan = _plan(process=process, election=election, slug=slug, title=title, theme=theme, rule=rule)
    for project in plan.projects:
        audited_save(project, actor=actor)
    budget_round = BudgetRound(
        process=process,
        theme=plan.theme,
        slug=plan.slug,
        title=plan.title,
        description=_visible(election.meta.get("comment", ""), 2_000),
        budget=plan.budget,
        vote_type=plan.vote_type,
        min_selections=plan.min_selections,
        max_selections=plan.max_selections,
        points=plan.points,
        rule=plan.rule,
        state=BudgetRound.State.CLOSED,
    )
    audited_save(budget_round, actor=actor)
    budget_round.projects.set(plan.projects)
    pks = {row.id: str(project.pk) for row, project in zip(election.projects, plan.projects, strict=True)}
    now = timezone.now()
    Ballot.objects.bulk_create(
        (
            Ballot(
                round=budget_round,
                voter_key=key,
                choices={pks[pid]: points for pid, points in choices.items()},
                created_at=now,
                updated_at=now,
            )
            for key, choices in plan.ballots
        ),
        batch_size=BATCH,
    )
    return budget_round
