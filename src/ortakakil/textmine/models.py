"""What text analysis keeps: each contribution's embedding, theme suggestions and staff decisions,
and the theme models' evaluations.

Contributions are named as the contribution registry names them (``kind`` + ``object_id``,
``processes/contributions.py``), so proposals, workshop ideas and survey answers are handled
alike without a foreign key per kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ortakakil.core.models import TimeStampedModel


class Embedding(models.Model):
    """A contribution's sentence embedding, computed once when it arrives (again if its text changes)."""

    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="+", verbose_name=_("process")
    )
    text_hash = models.CharField(_("text hash"), max_length=64, help_text=_("SHA-256 of the text embedded."))
    model = models.CharField(_("model"), max_length=40)
    vector = models.BinaryField(_("vector"), help_text=_("float32 values, little-endian."))
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("embedding")
        verbose_name_plural = _("embeddings")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="embedding_one_per_contribution")]
        indexes = [models.Index(fields=["process", "kind"], name="embedding_process_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ThemeModelRun(TimeStampedModel):
    """One training of a process's theme model, with its cross-validated evaluation."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="+", verbose_name=_("process")
    )
    labels_count = models.PositiveIntegerField(_("labelled examples"), default=0)
    prior_count = models.PositiveIntegerField(_("examples from the shipped corpus"), default=0)
    macro_f1 = models.FloatField(_("macro-F1"), null=True, blank=True)
    evaluation = models.JSONField(
        _("evaluation"), default=dict, blank=True, help_text=_("Themes, confusion matrix, suspect labels.")
    )
    seconds = models.FloatField(_("seconds"), default=0.0)

    class Meta:
        verbose_name = _("theme model run")
        verbose_name_plural = _("theme model runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.process_id} {self.created_at:%Y-%m-%d %H:%M}"


class ThemeSuggestion(TimeStampedModel):
    """The theme the model suggests for one contribution, and what staff decided."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        CORRECTED = "corrected", _("corrected")

    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="+", verbose_name=_("process")
    )
    theme = models.ForeignKey(
        "processes.Theme", on_delete=models.CASCADE, related_name="+", verbose_name=_("suggested theme")
    )
    confidence = models.FloatField(_("confidence"))
    run = models.ForeignKey(
        ThemeModelRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("model run"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUGGESTED)
    label = models.ForeignKey(
        "processes.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme decided by staff"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    suspect = models.BooleanField(
        _("label looks wrong"),
        default=False,
        help_text=_("The model, trained without this item, confidently disagrees with its theme."),
    )

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="theme_suggestion_one_per_contribution")
        ]
        indexes = [models.Index(fields=["process", "status"], name="theme_suggestion_status")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.theme_id}"


class TopicDigest(models.Model):
    """The sub-topics and extractive summary of one theme's contributions, or of the ideas of one
    workshop table: written by the theme model's run (``topics.py``), read by the theme page, the
    workshop report and the plan's situation analysis.

    ``data`` holds ``{"summary": [QUOTE, …], "subtopics": [{"keywords": [...], "size": n,
    "kinds": {kind: n}, "summary": [QUOTE, …]}, …]}`` where a QUOTE is ``{"kind", "pk"}``, a
    public contribution whose first sentence pages show while it is still public."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="+", verbose_name=_("process")
    )
    theme = models.ForeignKey("processes.Theme", on_delete=models.CASCADE, related_name="+", verbose_name=_("theme"))
    table = models.ForeignKey(
        "workshops.WorkshopTable",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workshop table"),
        help_text=_("Empty: every contribution of the theme."),
    )
    run = models.ForeignKey(
        ThemeModelRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("model run")
    )
    size = models.PositiveIntegerField(_("contributions"), default=0)
    data = models.JSONField(_("sub-topics and summary"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("sub-topic digest")
        verbose_name_plural = _("sub-topic digests")
        constraints = [
            models.UniqueConstraint(
                fields=["theme"], condition=models.Q(table__isnull=True), name="topic_digest_one_per_theme"
            ),
            models.UniqueConstraint(
                fields=["table"], condition=models.Q(table__isnull=False), name="topic_digest_one_per_table"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.table_id or ''}".strip()
