"""What theme suggestion adds to the platform from ``TextmineConfig.ready()``: its permission,
the «Tema önerileri» section of the process's back-office page, and the hook that gives a new
proposal, workshop idea or survey response with free-text answers its suggestion (a light huey
task enqueued after the commit, only once the process has a theme model: the request stays fast;
a response flagged for a possible name gets its suggestion after the staff's review)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import rules
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse

from ortakakil.core.rules import can_manage_organisation
from ortakakil.processes import sections

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ortakakil.processes.models import Process, Theme
    from ortakakil.workshops.models import Workshop

logger = logging.getLogger(__name__)


def _manage_process_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .themes import PERM, latest_run

    if not request.user.has_perm(PERM, process):
        return None
    return {
        "theme_run": latest_run(process),
        "theme_suggestions_url": reverse("manage:theme_suggestions", kwargs={"slug": process.slug}),
    }


def _theme_topics_section(request: HttpRequest, process: Process, theme: Theme | None) -> Mapping[str, Any] | None:
    from .themes import PERM
    from .topics import theme_digest

    if theme is None:
        return None
    digest = theme_digest(process, theme)
    can_manage = request.user.has_perm(PERM, process)
    if digest is None and not can_manage:
        return None
    manage_url = reverse("manage:theme_suggestions", kwargs={"slug": process.slug}) if can_manage else ""
    return {"digest": digest, "manage_url": manage_url}


def _workshop_report_topics(workshop: Workshop) -> Mapping[str, Any] | None:
    from ortakakil.workshops.models import WorkshopTable

    from .topics import table_digests

    digests = table_digests(workshop)
    tables = WorkshopTable.objects.filter(workshop=workshop).select_related("theme").order_by("theme__position", "pk")
    found = [(table.theme.name, digests[table.pk]) for table in tables if table.pk in digests]
    return {"table_digests": found} if found else None


def _enqueue(kind: str, pk: int, process_id: int | None) -> None:
    from .models import ThemeModelRun
    from .theme_tasks import suggest_one_task

    if process_id is None or not ThemeModelRun.objects.filter(process_id=process_id).exists():
        return  # no model yet: the first computation suggests for every contribution
    transaction.on_commit(lambda: suggest_one_task(kind, pk, process_id))


def _on_save(kind: str, process_of: Any, *, readable_now: Any = None) -> Any:
    """A ``post_save`` receiver that requests the suggestion of a new contribution, or of one that
    ``readable_now(instance, update_fields)`` says analysis has just begun to read."""

    def receiver(
        sender: Any, instance: Any, created: bool, raw: bool = False, update_fields: Any = None, **kwargs: Any
    ) -> None:
        if raw or not (created or (readable_now is not None and readable_now(instance, update_fields))):
            return
        try:
            _enqueue(kind, instance.pk, process_of(instance))
        except Exception:  # a suggestion must never fail the contribution
            logger.exception("could not request a theme suggestion for %s %s", kind, instance.pk)

    return receiver


def _idea_process(idea: Any) -> int | None:
    from ortakakil.workshops.models import WorkshopTable

    return WorkshopTable.objects.filter(pk=idea.table_id).values_list("workshop__process_id", flat=True).first()


def _response_process(response: Any) -> int | None:
    from ortakakil.surveys.models import Survey

    return Survey.objects.filter(pk=response.survey_id).values_list("process_id", flat=True).first()


def _response_reviewed(response: Any, update_fields: Any) -> bool:
    """A response flagged for a possible name is read by analysis only once the staff reviewed it
    (``surveys.services.response_review`` saves ``needs_review``)."""
    return update_fields is not None and "needs_review" in update_fields and not response.needs_review


_RECEIVERS = {
    "proposal": _on_save("proposal", lambda p: p.process_id),
    "workshop_idea": _on_save("workshop_idea", _idea_process),
    "survey_answer": _on_save("survey_answer", _response_process, readable_now=_response_reviewed),
}


def register() -> None:
    from ortakakil.core.personal_data import register_personal_data
    from ortakakil.proposals.models import Proposal
    from ortakakil.surveys.models import Response
    from ortakakil.workshops.models import Idea
    from ortakakil.workshops.report_sections import ReportSection, register_report_section

    from . import themes
    from .personal_data import SOURCE
    from .topics import table_digests_version

    register_personal_data(SOURCE)
    # Ask for suggestions, confirm and correct them: the strategy team of the process's organisation.
    if not rules.perm_exists(themes.PERM):
        rules.add_perm(themes.PERM, can_manage_organisation)
    sections.register_section(
        sections.Section(
            key="textmine_themes",
            page=sections.MANAGE_PROCESS_PAGE,
            template="textmine/_themes_manage_section.html",
            context=_manage_process_section,
            order=35,
        )
    )
    sections.register_section(
        sections.Section(
            key="textmine_topics",
            page=sections.THEME_PAGE,
            template="textmine/_theme_topics.html",
            context=_theme_topics_section,
            order=12,
        )
    )
    register_report_section(
        ReportSection(
            key="textmine_topics",
            template="textmine/_workshop_report_topics.html",
            context=_workshop_report_topics,
            version=table_digests_version,
            order=20,
        )
    )
    for model, key in ((Proposal, "proposal"), (Idea, "workshop_idea"), (Response, "survey_answer")):
        post_save.connect(_RECEIVERS[key], sender=model, dispatch_uid=f"textmine-theme-{key}")
