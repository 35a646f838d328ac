"""Projects and the portfolio (proje portföyü), participatory-budgeting rounds (katılımcı bütçe)
and their ballots.

* ``Project`` — a project or activity of a process: the goals it serves, its cost per year, kind
  (yatırım / cari), responsible unit, district, the projects it requires and those it excludes
  (alternatives), the proposal it grew from, and the strategy team's value scores.
* ``Scenario`` — one setup of the multi-year selection (each year's budget, the weights of the
  value scores, limits per theme and district) and its result; one scenario per process is the
  adopted portfolio that the plan document shows.
* ``BudgetRound`` and ``Ballot`` — a citizens' vote on projects (approval, cumulative or
  choose-1), one ballot per voter that a new ballot replaces, counted with a chosen rule.

Costs are whole Turkish lira: ``Project.costs`` maps a year ("2020") to an amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel

SCORE_MAX = 10
SCORES = ("goal_value", "vision", "urgency")
"""The strategy team's value scores of a project (0 … 10 each)."""


def _score(label: Any) -> models.FloatField[Any, Any]:
    return models.FloatField(
        label, default=0.0, validators=[MinValueValidator(0.0), MaxValueValidator(float(SCORE_MAX))]
    )


class Project(TimeStampedModel):
    """Proje / faaliyet — something the municipality may fund, in one or several years."""

    class Kind(models.TextChoices):
        INVESTMENT = "yatirim", _("investment")
        CURRENT = "cari", _("current expenditure")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="projects", verbose_name=_("process")
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INVESTMENT)
    goals = models.ManyToManyField("planning.Goal", blank=True, related_name="projects", verbose_name=_("goals"))
    theme = models.ForeignKey(
        "processes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("theme"),
    )
    responsible_unit = models.ForeignKey(
        "core.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("responsible unit"),
    )
    district = models.CharField(_("district"), max_length=80, blank=True)
    costs = models.JSONField(
        _("cost per year"), default=dict, blank=True, help_text=_('Whole lira per year: {"2021": 1500000, …}.')
    )
    requires = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("requires"),
        help_text=_("Projects this one can only be chosen with."),
    )
    excludes = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("alternatives"),
        help_text=_("Projects that cannot be chosen together with this one."),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the proposal"),
    )
    goal_value = _score(_("contribution to the goals"))
    vision = _score(_("vision"))
    urgency = _score(_("urgency"))
    history = HistoricalRecords()

    if TYPE_CHECKING:
        process_id: int
        theme_id: int | None
        responsible_unit_id: int | None
        proposal_id: int | None

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "code"], name="project_code_unique_in_process")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def total_cost(self) -> int:
        return self.cost_total(self.costs)

    @staticmethod
    def cost_total(costs: dict[str, Any]) -> int:
        """The sum of a project's yearly ``costs``."""
        return int(sum(int(v) for v in costs.values()))


class Scenario(TimeStampedModel):
    """A multi-year selection: budgets, weights and limits in, the chosen projects and the
    explanations out (``result``)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("process")
    )
    name = models.CharField(_("name"), max_length=200)
    budgets = models.JSONField(_("budget per year"), default=dict, blank=True)
    weights = models.JSONField(
        _("weights"),
        default=dict,
        blank=True,
        help_text=_("Weight of each value score and of citizen demand: goal_value, vision, urgency, demand."),
    )
    min_per_theme = models.JSONField(_("at least per theme"), default=dict, blank=True)
    max_per_theme = models.JSONField(_("at most per theme"), default=dict, blank=True)
    min_per_district = models.JSONField(_("at least per district"), default=dict, blank=True)
    max_per_district = models.JSONField(_("at most per district"), default=dict, blank=True)
    time_limit = models.FloatField(
        _("time limit (seconds)"), default=10.0, validators=[MinValueValidator(0.1), MaxValueValidator(600.0)]
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    is_adopted = models.BooleanField(
        _("adopted"), default=False, help_text=_("The portfolio the plan document shows (one per process).")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-is_adopted", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process"], condition=models.Q(is_adopted=True), name="scenario_one_adopted_per_process"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BudgetRound(TimeStampedModel):
    """Katılımcı bütçe oylaması — citizens choose among projects within a budget."""

    class VoteType(models.TextChoices):
        APPROVAL = "approval", _("approval (tick the projects you support)")
        CUMULATIVE = "cumulative", _("cumulative (share your points)")
        CHOOSE_ONE = "choose_1", _("choose one")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("most votes first (greedy)")
        MES = "mes", _("Method of Equal Shares")
        MES_ADD1 = "mes_add1", _("Method of Equal Shares, completed by raising the budget (add1)")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for voting")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("results published")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="budget_rounds", verbose_name=_("process")
    )
    theme = models.ForeignKey(
        "processes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_rounds",
        verbose_name=_("theme"),
    )
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    budget = models.PositiveBigIntegerField(_("budget (TL)"))
    projects = models.ManyToManyField(Project, blank=True, related_name="budget_rounds", verbose_name=_("projects"))
    vote_type = models.CharField(_("ballot"), max_length=16, choices=VoteType.choices, default=VoteType.APPROVAL)
    min_selections = models.PositiveSmallIntegerField(_("at least … projects"), null=True, blank=True)
    max_selections = models.PositiveSmallIntegerField(_("at most … projects"), null=True, blank=True)
    voter_budget_limit = models.BooleanField(_("a ballot may not cost more than the budget"), default=False)
    points = models.PositiveSmallIntegerField(
        _("points per voter (cumulative)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    rule = models.CharField(_("counting rule"), max_length=16, choices=Rule.choices, default=Rule.GREEDY)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    result = models.JSONField(_("result"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        process_id: int
        theme_id: int | None

    class Meta:
        verbose_name = _("participatory budgeting round")
        verbose_name_plural = _("participatory budgeting rounds")
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="budget_round_slug_unique")]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One voter's ballot in a round: ``choices`` maps a project's id (as text) to its points (1
    for approval and choose-1). A new ballot replaces the voter's previous one.

    A ballot cast on the platform names its ``voter`` (an account); a ballot imported from a
    Pabulib file (``imports.round_import``) names no account, only the file's voter id in
    ``voter_key``. Exactly one of the two is set."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("round"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voter"),
    )
    voter_key = models.CharField(
        _("imported voter id"),
        max_length=64,
        blank=True,
        help_text=_("The voter's id in the imported .pb file; empty for ballots cast on the platform."),
    )
    choices = models.JSONField(_("choices"), default=dict)
    created_at = models.DateTimeField(_("cast at"))
    updated_at = models.DateTimeField(_("replaced at"))

    if TYPE_CHECKING:
        round_id: int
        voter_id: int | None

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # Unconditional: ``ballots._upsert``'s ON CONFLICT (round_id, voter_id) needs a plain
            # unique index; imported ballots (voter NULL) never conflict, NULLs being distinct.
            models.UniqueConstraint(fields=["round", "voter"], name="ballot_one_per_voter"),
            models.UniqueConstraint(
                fields=["round", "voter_key"], condition=~models.Q(voter_key=""), name="ballot_one_per_voter_key"
            ),
            models.CheckConstraint(
                condition=(models.Q(voter__isnull=False) & models.Q(voter_key=""))
                | (models.Q(voter__isnull=True) & ~models.Q(voter_key="")),
                name="ballot_voter_or_voter_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.voter_id or self.voter_key}"
