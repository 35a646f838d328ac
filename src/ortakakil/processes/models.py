"""The planning process (Stratejik Plan hazırlık süreci), its phases, themes and
preparation programme."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.localized import ENGLISH_HELP, HasEnglishTexts
from ortakakil.core.models import CODE_VALIDATOR, Organisation, TimeStampedModel, Unit

from .switches import SWITCHES, unknown_switches

PLAN_YEARS = 5
"""A strategic plan covers five years (Strategic Planning Regulation, 2021, art. 5)."""

COLOUR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f5f8b."))


class Process(HasEnglishTexts, TimeStampedModel):
    """Süreç — the preparation of one strategic plan, e.g. "ABB 2020–2024 Stratejik Planı"."""

    english_fields = ("title", "slogan", "summary", "description")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="processes", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    slogan = models.CharField(_("slogan"), max_length=120, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    current_phase = models.ForeignKey(
        "Phase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current phase"),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished processes are visible to staff only.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    slogan_en = models.CharField(_("slogan in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        current_phase_id: int | None

    class Meta:
        verbose_name = _("planning process")
        verbose_name_plural = _("planning processes")
        ordering = ["-start_year", "title"]

    def __str__(self) -> str:
        return str(self.localized.title)

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year - self.start_year + 1 != PLAN_YEARS:
            raise ValidationError(
                {
                    "end_year": _("A strategic plan covers five years: the last year must be %(year)s.")
                    % {"year": self.start_year + PLAN_YEARS - 1}
                }
            )
        if self.current_phase_id and self.pk and self.current_phase and self.current_phase.process_id != self.pk:
            raise ValidationError({"current_phase": _("The current phase must belong to this process.")})

    def get_absolute_url(self) -> str:
        return reverse("process_detail", kwargs={"slug": self.slug})

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def is_open(self, switch: str) -> bool:
        """Whether the feature named ``switch`` is open in the current phase (a registered switch)."""
        if switch not in SWITCHES:
            raise KeyError(switch)
        phase = self.current_phase
        return phase is not None and switch in phase.switches


class Phase(HasEnglishTexts, models.Model):
    """Aşama — a phase of the preparation (hazırlık … izleme ve değerlendirme)."""

    english_fields = ("name", "description")

    class Kind(models.TextChoices):
        PREPARATION = "hazirlik", _("Preparation")
        SITUATION_ANALYSIS = "durum_analizi", _("Situation analysis")
        PARTICIPATION = "katilim", _("Participation and workshops")
        LOOKING_AHEAD = "gelecege_bakis", _("Looking ahead")
        STRATEGY = "strateji", _("Strategy development")
        COSTING = "maliyet", _("Costing")
        APPROVAL = "onay", _("Approval")
        MONITORING = "izleme", _("Monitoring and evaluation")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    switches = models.JSONField(_("open features"), default=list, blank=True)
    verification_required = models.JSONField(
        _("verification required for"),
        default=list,
        blank=True,
        help_text=_(
            "The actions (registered in processes.verification: supports, budget votes, survey answers) that only "
            "verified participants may take in this phase."
        ),
    )
    verification_methods = models.JSONField(
        _("accepted verification methods"),
        default=list,
        blank=True,
        help_text=_("The methods (sms, census, in_person) that count; none chosen means any of them."),
    )
    name_en = models.CharField(_("name in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        process_id: int

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "kind"], name="phase_kind_unique_in_process")]

    def __str__(self) -> str:
        return str(self.localized.name)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A phase cannot end before it starts.")
        unknown = unknown_switches(list(self.switches or []))
        if unknown:
            errors["switches"] = _("Unknown features: %(keys)s") % {"keys": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.process.current_phase_id == self.pk

    def switch_labels(self) -> list[str]:
        """The labels of the open features that exist on the platform (registered switches)."""
        return [str(SWITCHES[key]) for key in self.switches if key in SWITCHES]


class Theme(HasEnglishTexts, models.Model):
    """Tema — a thematic area of the process, one workshop table each (e.g. ULASIM)."""

    english_fields = ("name", "summary", "description")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes", verbose_name=_("process"))
    code = models.CharField(_("code"), max_length=32, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1f5f8b", validators=[COLOUR_VALIDATOR])
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_themes",
        verbose_name=_("lead unit"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    summary_en = models.CharField(_("summary in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["process", "code"], name="theme_code_unique_in_process")]

    def __str__(self) -> str:
        return str(self.localized.name)

    def get_absolute_url(self) -> str:
        return reverse("theme_detail", kwargs={"slug": self.process.slug, "code": self.code})


class PreparationTask(HasEnglishTexts, models.Model):
    """Hazırlık programı görevi — a task of the preparation programme, owned by a unit."""

    english_fields = ("title", "description")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        LATE = "late", _("Late")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="preparation_tasks", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="preparation_tasks", verbose_name=_("responsible unit")
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preparation_tasks",
        verbose_name=_("phase"),
    )
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    history = HistoricalRecords()

    if TYPE_CHECKING:
        process_id: int
        owner_unit_id: int
        phase_id: int | None

    class Meta:
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation programme")
        ordering = ["starts_on", "due_on", "pk"]

    def __str__(self) -> str:
        return str(self.localized.title)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = _("A task cannot be due before it starts.")
        if self.phase_id and self.process_id and self.phase and self.phase.process_id != self.process_id:
            errors["phase"] = _("The phase must belong to this process.")
        if self.owner_unit_id and self.process_id and self.owner_unit.organisation_id != self.process.organisation_id:
            errors["owner_unit"] = _("The unit must belong to the process's organisation.")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today: date) -> bool:
        return self.status != self.Status.DONE and self.due_on < today
