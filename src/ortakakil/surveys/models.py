"""Surveys (anketler), e.g. the citizens' expectations survey (Vatandaş Beklenti Anketi)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.localized import ENGLISH_HELP, HasEnglishTexts, pick_labels
from ortakakil.core.models import TimeStampedModel
from ortakakil.processes.models import Process


class Survey(HasEnglishTexts, TimeStampedModel):
    english_fields = ("title", "description")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("process"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Anonymous: answers are never linked to the person; one answer per account is still enforced."),
    )
    is_active = models.BooleanField(_("accepting answers"), default=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="survey_slug_unique_in_process")]

    def __str__(self) -> str:
        return str(self.localized.title)

    def get_absolute_url(self) -> str:
        return reverse("survey_detail", kwargs={"slug": self.process.slug, "survey": self.slug})


class Question(HasEnglishTexts, models.Model):
    """A survey question. Answers store the Turkish option itself, whatever language the
    respondent read: ``options_en`` only labels the same choices, one English label per option."""

    english_fields = ("text",)

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        LIKERT = "likert", _("Likert scale")
        RANKING = "ranking", _("Ranking of themes")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("Choices in order; for a ranking, the theme codes; empty for free text."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True, help_text=ENGLISH_HELP)
    options_en = models.JSONField(
        _("options in English"),
        default=list,
        blank=True,
        help_text=_("One English label per option, in the same order; empty to show the Turkish options."),
    )
    history = HistoricalRecords()

    if TYPE_CHECKING:
        survey_id: int

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey")]

    def __str__(self) -> str:
        return str(self.localized.text)

    def clean(self) -> None:
        labels = self.options_en or []
        if not labels:
            return
        if self.kind == self.Kind.RANKING:
            raise ValidationError(
                {"options_en": _("A ranking shows its themes' names: leave the English options empty.")}
            )
        if not isinstance(labels, list) or len(labels) != len(self.options or []):
            raise ValidationError(
                {"options_en": _("Give one English label per option, in the same order, or none at all.")}
            )

    def option_choices(self) -> list[tuple[str, str]]:
        """(stored value, label) of each option in the active language; the value is always the Turkish option."""
        options = [str(option) for option in self.options]
        english = [str(label) for label in self.options_en] if isinstance(self.options_en, list) else []
        labels = pick_labels(options, english, language=translation.get_language())
        return list(zip(options, labels, strict=True))


class Response(models.Model):
    """One person's answers. Anonymous surveys store a keyed hash instead of the person."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    respondent_key = models.CharField(max_length=64, help_text="HMAC of survey and account: one answer per person.")
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Free text that may still hold a person's name (surveys/privacy.py flags it): the answer is
    # left out of the published texts and the exports until staff mask or approve it.
    needs_review = models.BooleanField(default=False, db_index=True)
    review_flags = models.JSONField(
        default=dict, blank=True, help_text="Question key → fragments that may be names, for the staff review."
    )
    # The audit trail records who reviewed an answer and when, never the answer, its flags or its
    # person: a masked name must not survive in a historical copy, and an anonymous survey must
    # not learn from it who answered (``survey_respond`` saves the answer without a history row).
    history = HistoricalRecords(excluded_fields=["respondent", "respondent_key", "answers", "review_flags"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "respondent_key"], name="one_response_per_person")]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"
