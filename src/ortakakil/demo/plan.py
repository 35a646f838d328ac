"""The demo's draft strategic plan (content/plan.json, written by the team in the plan
interchange format). Its goals name the demo contributions they answer by the content's own
keys — a proposal's ``key``, a workshop idea's table and text — which become the ids of the
rows the earlier steps made, then the planning app's import loads it like any plan file."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from ortakakil.planning.models import Goal, Indicator, Plan
from ortakakil.planning.services import plan_import
from ortakakil.processes.models import Process
from ortakakil.proposals.models import Proposal
from ortakakil.workshops.models import Idea

from .content import read_content
from .loader import DemoContext


def plan_content() -> dict[str, Any]:
    with resources.files("ortakakil.demo").joinpath("content", "plan.json").open("rb") as handle:
        data: dict[str, Any] = json.load(handle)
        return data


def _proposal_titles() -> dict[str, str]:
    titles = {}
    for name in ("proposals_a.toml", "proposals_b.toml"):
        for item in read_content(name)["proposals"]:
            titles[item["key"]] = item["title"].strip()[:150]
    return titles


def proposal_ids(process: Process | None) -> dict[str, int]:
    """The content's proposal keys → the ids of the proposals the public reads under their titles.

    A title names the proposal the public reads: a duplicate merged into another leads to the
    proposal it was merged into, and a proposal that is not merged wins over one that is."""
    by_title: dict[str, int] = {}
    rows = Proposal.objects.filter(process=process).values_list("title", "pk", "merged_into_id").order_by("pk")
    for title, proposal_id, merged_into in rows:
        if merged_into is None:
            by_title[title] = proposal_id
        else:
            by_title.setdefault(title, merged_into)
    return {key: by_title[title] for key, title in _proposal_titles().items() if title in by_title}


def idea_ids(process: Process | None) -> dict[tuple[str, str], int]:
    """(table's theme code, idea text) → the id of that workshop idea."""
    return {
        (theme, text): pk
        for theme, text, pk in Idea.objects.filter(table__workshop__process=process).values_list(
            "table__theme__code", "text", "pk"
        )
    }


def resolve_sources(ctx: DemoContext, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every source reference turned into ``{"kind", "id"}``; a reference that
    names nothing is a mistake in the content and stops the demo."""
    proposals = proposal_ids(ctx.process)
    ideas = idea_ids(ctx.process)
    data = copy.deepcopy(data)
    for aim in data["aims"]:
        for item in [aim, *aim["goals"]]:
            resolved = []
            for source in item.get("sources", []):
                pk: int | None
                if source["kind"] == "proposal" and "key" in source:
                    pk = proposals.get(source["key"])
                elif source["kind"] == "workshop_idea" and "table" in source:
                    pk = ideas.get((source["table"], source["text"].strip()))
                else:
                    pk = source.get("id")
                if pk is None:
                    raise ValueError(f"demo plan: {item['code']} names a contribution that does not exist: {source}")
                resolved.append({"kind": source["kind"], "id": pk})
            if resolved:
                item["sources"] = resolved
    return data


def load_plan(ctx: DemoContext) -> None:
    """Load the draft plan, unless the process's plan has moved on (submitted or approved by
    someone walking the demo): the demo never overwrites a plan's record."""
    process = ctx.process
    if process is None:
        raise ValueError("demo plan: the process step has not run")
    latest = process.plans.order_by("-number").first()
    if latest is not None and latest.status != Plan.Status.DRAFT:
        return
    report = plan_import(resolve_sources(ctx, plan_content()), actor=None, organisation=ctx.organisation)
    if report.missing_sources or report.created_units or report.unknown_keys:
        raise ValueError("demo plan: " + " ".join(report.lines()[1:]))
    plan = report.plan
    plan.foreword = read_content("ankara.toml").get("plan", {}).get("foreword", "").strip()
    plan.save(update_fields=["foreword"])
    ctx.counts["plan goals"] = Goal.objects.filter(aim__plan=plan).count()
    ctx.counts["plan indicators"] = Indicator.objects.filter(goal__aim__plan=plan).count()
    ctx.counts["plan sources"] = plan.sources.count()
