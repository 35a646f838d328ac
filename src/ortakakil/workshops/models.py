"""Workshops (çalıştay): in-person events of a process.

The spine holds the event itself; stakeholders, tables, ideas and reports come with
the workshop capability.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ortakakil.core.models import TimeStampedModel
from ortakakil.processes.models import Process


class Workshop(TimeStampedModel):
    """Çalıştay — e.g. "Stratejik Plan Çalıştayı" at Harikalar Diyarı."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("process"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    slogan = models.CharField(_("slogan"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.JSONField(_("agenda"), default=list, blank=True, help_text=_("One line per agenda item."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="workshop_slug_unique_in_process")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshop_detail", kwargs={"slug": self.process.slug, "workshop": self.slug})
