"""The strategic plan (stratejik plan) of a process: its versions, situation analysis, mission,
vision and values, aims, goals and performance indicators, and the links from plan items to the
contributions they answer (traceability)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel, Unit
from ortakakil.processes.models import Process, Theme

from . import interchange

CODE_MAX = 20


class Plan(TimeStampedModel):
    """One version of a process's strategic plan. Version 1 is the plan itself; later versions
    are updates (güncelleme), which keep the mission, the vision and the aims."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Plan")
        UPDATE = "update", _("Update (güncelleme)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the council")
        APPROVED = "approved", _("Approved")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="plans", verbose_name=_("process"))
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.INITIAL)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    title = models.CharField(_("title"), max_length=300)
    foreword = models.TextField(_("foreword (sunuş)"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    values = models.JSONField(_("core values"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateField(_("approved on"), null=True, blank=True)
    council_decision = models.CharField(_("council decision"), max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Keys of an imported file the platform does not know.")
    history = HistoricalRecords()

    if TYPE_CHECKING:
        process_id: int
        aims: models.Manager[Aim]

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["process", "-number"]
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        """Only a draft is edited; a submitted or approved plan is the record."""
        return self.status == self.Status.DRAFT

    @property
    def years(self) -> list[int]:
        return list(range(self.process.start_year, self.process.end_year + 1))


class Ordered(models.Model):
    position = models.PositiveIntegerField(_("position"), default=0)
    extra = models.JSONField(default=dict, blank=True, help_text="Keys of an imported file the platform does not know.")

    class Meta:
        abstract = True


class Aim(Ordered):
    """Amaç (A1 …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="aims", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=CODE_MAX)
    title = models.CharField(_("title"), max_length=500)
    weight = models.FloatField(_("weight (%)"), null=True, blank=True)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        goals: models.Manager[Goal]

    class Meta:
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="aim_code_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Goal(Ordered):
    """Hedef (H1.1 …) with its goal card (hedef kartı)."""

    aim = models.ForeignKey(Aim, on_delete=models.CASCADE, related_name="goals", verbose_name=_("aim"))
    code = models.CharField(_("code"), max_length=CODE_MAX)
    title = models.CharField(_("title"), max_length=500)
    weight = models.FloatField(_("weight (%)"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="goals", verbose_name=_("responsible unit")
    )
    cooperating_units = models.ManyToManyField(
        Unit, blank=True, related_name="cooperating_goals", verbose_name=_("cooperating units")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="goals", verbose_name=_("themes"))
    risks = models.JSONField(_("risks"), default=list, blank=True)
    controls = models.JSONField(_("control activities"), default=list, blank=True)
    strategies = models.JSONField(_("strategies"), default=list, blank=True)
    activities = models.JSONField(_("activities and projects"), default=list, blank=True)
    costs = models.JSONField(_("cost estimate"), default=dict, blank=True)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    history = HistoricalRecords(m2m_fields=[cooperating_units, themes])

    if TYPE_CHECKING:
        aim_id: int
        responsible_unit_id: int | None
        indicators: models.Manager[Indicator]

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["aim", "code"], name="goal_code_unique_in_aim")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def total_cost(self) -> float:
        return float(sum(v for v in self.costs.values() if interchange.is_number(v)))


class Indicator(Ordered):
    """Performans göstergesi (PG1.1.1 …)."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal"))
    code = models.CharField(_("code"), max_length=CODE_MAX)
    title = models.CharField(_("title"), max_length=500)
    unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, default=Direction.INCREASE)
    weight = models.FloatField(_("effect on the goal (%)"), default=0)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    targets = models.JSONField(_("targets by year"), default=dict, blank=True)
    monitoring = models.CharField(_("monitoring frequency"), max_length=40, blank=True)
    reporting = models.CharField(_("reporting frequency"), max_length=40, blank=True)
    cumulative = models.BooleanField(_("cumulative"), default=False)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    actuals = models.JSONField(_("actual values by period"), default=dict, blank=True)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        goal_id: int

    class Meta:
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["goal", "code"], name="indicator_code_unique_in_goal")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AnalysisItem(models.Model):
    """One row of a situation-analysis section (durum analizi): a legal obligation, a higher
    policy document, an activity area, an internal-analysis finding, a PESTLE factor, a SWOT item."""

    class Section(models.TextChoices):
        HISTORY = "history", _("Institutional history")
        EVALUATION = "evaluation", _("Evaluation of the current plan")
        MANDATE = "mandate", _("Legal mandate analysis")
        POLICY = "policy", _("Higher policy documents")
        ACTIVITY = "activity", _("Activity areas and products/services")
        INTERNAL = "internal", _("Internal analysis")
        PESTLE = "pestle", _("PESTLE analysis")
        SWOT = "swot", _("SWOT analysis")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="analysis_items", verbose_name=_("plan"))
    section = models.CharField(_("section"), max_length=12, choices=Section)
    category = models.CharField(_("category"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    detail = models.TextField(_("detail"), blank=True)
    finding = models.TextField(_("finding"), blank=True)
    need = models.TextField(_("need"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("situation analysis item")
        verbose_name_plural = _("situation analysis items")
        ordering = ["section", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    """A row of the findings and needs table (tespitler ve ihtiyaçlar)."""

    class Section(models.TextChoices):
        HISTORY = "history", _("Institutional history")
        EVALUATION = "evaluation", _("Evaluation of the current plan")
        MANDATE = "mandate", _("Legal mandate analysis")
        POLICY = "policy", _("Higher policy documents")
        ACTIVITY = "activity", _("Activity areas and products/services")
        INTERNAL = "internal", _("Internal analysis")
        PESTLE = "pestle", _("PESTLE analysis")
        SWOT = "swot", _("SWOT analysis")
        STAKEHOLDER = "stakeholder", _("Stakeholder analysis")
        PARTICIPATION = "participation", _("Participation")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("plan"))
    section = models.CharField(_("section"), max_length=14, choices=Section)
    finding = models.TextField(_("finding"))
    need = models.TextField(_("need"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding and need")
        verbose_name_plural = _("findings and needs")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.finding[:80]


class Source(models.Model):
    """A plan item answers a contribution: the one generic "source" relation of the plan.

    The contribution side is a registered contribution kind (``processes.contributions``) and the
    item's key, so any kind (proposals, workshop ideas, survey answers, later statements) links
    alike without a foreign key per kind. The plan side is exactly one of: the mission, the vision
    or the values (``target``), an aim, a goal, an indicator, an analysis item or a finding.
    """

    class Target(models.TextChoices):
        MISSION = "mission", _("Mission")
        VISION = "vision", _("Vision")
        VALUES = "values", _("Core values")
        AIM = "aim", _("Aim")
        GOAL = "goal", _("Goal")
        INDICATOR = "indicator", _("Indicator")
        ANALYSIS = "analysis", _("Situation analysis")
        FINDING = "finding", _("Finding")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sources", verbose_name=_("plan"))
    target = models.CharField(_("plan item"), max_length=10, choices=Target)
    aim = models.ForeignKey(Aim, on_delete=models.CASCADE, null=True, blank=True, related_name="sources")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="sources")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="sources")
    analysis_item = models.ForeignKey(
        AnalysisItem, on_delete=models.CASCADE, null=True, blank=True, related_name="sources"
    )
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="sources")
    kind = models.CharField(_("contribution kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("contribution"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    ITEM_FIELDS = {
        Target.AIM: "aim",
        Target.GOAL: "goal",
        Target.INDICATOR: "indicator",
        Target.ANALYSIS: "analysis_item",
        Target.FINDING: "finding",
    }

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "object_id"], name="source_contribution")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} → {self.target}"

    @property
    def item(self) -> Any:
        field = self.ITEM_FIELDS.get(self.Target(self.target))
        return getattr(self, field) if field else None

    def clean(self) -> None:
        wanted = self.ITEM_FIELDS.get(self.Target(self.target)) if self.target in self.Target.values else None
        for field in self.ITEM_FIELDS.values():
            has = getattr(self, f"{field}_id") is not None
            if has != (field == wanted):
                raise ValidationError(_("A source links exactly one plan item."))
